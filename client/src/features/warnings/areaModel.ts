import { formatCapCircle, formatCapPolygon, parseCapCircle, parseCapPolygon } from '@geo/src/cap/cap.area';
import type { Position } from '@geo/src/geometry';
import type { CapAreaInput } from '../../api/alerts';

/** Map order, as Leaflet speaks it: [lat, lon]. CAP text is also latitude first; GeoJSON is not. */
export type LatLon = [number, number];

export type DraftShape =
  { kind: 'polygon'; points: LatLon[] } | { kind: 'circle'; center: LatLon; radiusKm: number };

/** A warning area as HQ assembles it: any mix of drawn shapes and whole municipalities. */
export interface DraftArea {
  shapes: DraftShape[];
  /** JIS X 0402 municipality codes (5 digits). */
  municipalities: string[];
}

export const EMPTY_AREA: DraftArea = { shapes: [], municipalities: [] };

export const JIS_GEOCODE_NAME = 'JIS X0402';

export function isAreaEmpty(area: DraftArea): boolean {
  return area.shapes.length === 0 && area.municipalities.length === 0;
}

const toRing = (points: readonly LatLon[]): Position[] => points.map(([lat, lon]) => [lon, lat]);

/** One CAP area from the draft; the same area goes into every language's info. */
export function toCapArea(area: DraftArea, areaDesc: string): CapAreaInput {
  const polygon: string[] = [];
  const circle: string[] = [];
  for (const shape of area.shapes) {
    if (shape.kind === 'polygon') polygon.push(formatCapPolygon(toRing(shape.points)));
    else
      circle.push(formatCapCircle({ lat: shape.center[0], lon: shape.center[1], radiusKm: shape.radiusKm }));
  }
  return {
    areaDesc,
    polygon,
    circle,
    geocode: area.municipalities.map((value) => ({ valueName: JIS_GEOCODE_NAME, value })),
  };
}

/**
 * The draft back from CAP areas (to prefill an Update). Shapes or geocodes this UI cannot edit are
 * reported as skipped so the operator knows the new version will not carry them.
 */
export function fromCapAreas(areas: readonly CapAreaInput[]): { area: DraftArea; skipped: number } {
  const shapes: DraftShape[] = [];
  const municipalities = new Set<string>();
  let skipped = 0;
  for (const capArea of areas) {
    for (const text of capArea.polygon ?? []) {
      const parsed = parseCapPolygon(text);
      if ('error' in parsed) skipped += 1;
      // Drop the closing point: drafts keep rings open, formatCapPolygon closes them again.
      else
        shapes.push({ kind: 'polygon', points: parsed.value.slice(0, -1).map(([lon, lat]) => [lat, lon]) });
    }
    for (const text of capArea.circle ?? []) {
      const parsed = parseCapCircle(text);
      if ('error' in parsed) skipped += 1;
      else
        shapes.push({
          kind: 'circle',
          center: [parsed.value.lat, parsed.value.lon],
          radiusKm: parsed.value.radiusKm,
        });
    }
    for (const geocode of capArea.geocode ?? []) {
      if (geocode.valueName === JIS_GEOCODE_NAME && /^\d{5,6}$/.test(geocode.value)) {
        municipalities.add(geocode.value.slice(0, 5));
      } else skipped += 1;
    }
  }
  return { area: { shapes, municipalities: [...municipalities] }, skipped };
}

export type CoordinateParse =
  | { ok: true; shape: DraftShape }
  | {
      ok: false;
      error:
        'empty' | 'odd_numbers' | 'out_of_range' | 'too_few_points' | 'invalid_polygon' | 'invalid_radius';
      detail?: string;
    };

const NUMBER_PATTERN = /[-+]?\d+(?:\.\d+)?/g;

/**
 * The keyboard alternative to drawing. A polygon is "lat,lon" pairs separated by spaces, new
 * lines or semicolons; a circle is "lat,lon radius_km" with `asCircle`. The ring may be open or
 * closed; it is checked with the same rules the server applies.
 */
export function parseCoordinates(text: string, asCircle = false): CoordinateParse {
  const numbers = (text.match(NUMBER_PATTERN) ?? []).map(Number);
  if (numbers.length === 0) return { ok: false, error: 'empty' };
  if (asCircle) {
    if (numbers.length !== 3) return { ok: false, error: 'invalid_radius' };
    const [lat, lon, radiusKm] = numbers as [number, number, number];
    const parsed = parseCapCircle(formatCapCircle({ lat, lon, radiusKm }));
    if ('error' in parsed) return { ok: false, error: 'invalid_radius', detail: parsed.error };
    return { ok: true, shape: { kind: 'circle', center: [lat, lon], radiusKm } };
  }
  if (numbers.length % 2 !== 0) return { ok: false, error: 'odd_numbers' };
  const points: LatLon[] = [];
  for (let i = 0; i < numbers.length; i += 2) {
    const lat = numbers[i]!;
    const lon = numbers[i + 1]!;
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { ok: false, error: 'out_of_range' };
    points.push([lat, lon]);
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
  return polygonShape(points);
}

/** A drawn or typed ring as a shape, or why the server would refuse it. */
export function polygonShape(input: readonly LatLon[]): CoordinateParse {
  const points = dropRepeats(input);
  if (points.length < 3) return { ok: false, error: 'too_few_points' };
  const parsed = parseCapPolygon(formatCapPolygon(toRing(points)));
  if ('error' in parsed) return { ok: false, error: 'invalid_polygon', detail: parsed.error };
  return { ok: true, shape: { kind: 'polygon', points } };
}

/** A double click adds the same vertex twice before it finishes the ring; drop such repeats. */
function dropRepeats(points: readonly LatLon[]): LatLon[] {
  const out: LatLon[] = [];
  for (const point of points) {
    const previous = out[out.length - 1];
    if (previous && Math.abs(previous[0] - point[0]) < 1e-9 && Math.abs(previous[1] - point[1]) < 1e-9)
      continue;
    out.push(point);
  }
  return out;
}
