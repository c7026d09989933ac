import type { Position } from '../geometry.js';
import { parseCapCircle, parseCapPolygon } from '../cap/cap.area.js';
import type { CapAlert, CapArea, CapProblem } from '../cap/cap.schema.js';
import { resolveGeocode } from '../cap/geocodes.js';

/**
 * Everything an alert targets, across all its `info` blocks (one per language, usually with the
 * same areas): the union of these polygons, circles and municipalities. Duplicates are dropped.
 */
export interface AreaSet {
  /** Closed rings, [lon, lat]. */
  polygons: Position[][];
  circles: { lat: number; lon: number; radiusM: number }[];
  /** JIS X 0402 five-digit municipality codes. */
  municipalityCodes: string[];
  /** Where each polygon came from (`info[0].area[1].polygon[0]`), for error messages. */
  polygonPaths?: string[];
}

export const EMPTY_AREA_SET: AreaSet = { polygons: [], circles: [], municipalityCodes: [] };

export function isEmptyAreaSet(set: AreaSet): boolean {
  return set.polygons.length === 0 && set.circles.length === 0 && set.municipalityCodes.length === 0;
}

/** The area set of a validated alert, or the areas that cannot target anyone. */
export function areaSetOf(alert: CapAlert): { areaSet: AreaSet } | { problems: CapProblem[] } {
  return areaSetOfAreas(
    alert.info.flatMap((info, i) => info.area.map((area, j) => ({ area, path: `info[${i}].area[${j}]` }))),
  );
}

/** The area set of validated CAP areas; `path` names each area in errors. */
export function areaSetOfAreas(
  areas: { area: CapArea; path: string }[],
): { areaSet: AreaSet } | { problems: CapProblem[] } {
  const polygons = new Map<string, { ring: Position[]; path: string }>();
  const circles = new Map<string, AreaSet['circles'][number]>();
  const codes = new Set<string>();
  const problems: CapProblem[] = [];
  for (const { area, path: at } of areas) {
    let targetable = false;
    for (const [k, text] of area.polygon.entries()) {
      const ring = parseCapPolygon(text);
      if ('value' in ring) {
        if (!polygons.has(text.trim()))
          polygons.set(text.trim(), { ring: ring.value, path: `${at}.polygon[${k}]` });
        targetable = true;
      }
    }
    for (const text of area.circle) {
      const circle = parseCapCircle(text);
      if ('value' in circle) {
        const { lat, lon, radiusKm } = circle.value;
        circles.set(`${lat},${lon},${radiusKm}`, { lat, lon, radiusM: radiusKm * 1000 });
        targetable = true;
      }
    }
    area.geocode.forEach((geocode, k) => {
      const resolved = resolveGeocode(geocode.valueName, geocode.value);
      if (resolved.kind === 'municipalities') {
        resolved.codes.forEach((code) => codes.add(code));
        targetable = true;
      } else if (resolved.kind === 'unknown_value') {
        problems.push({ path: `${at}.geocode[${k}]`, message: resolved.message });
      }
    });
    if (!targetable && !problems.some((p) => p.path.startsWith(at))) {
      problems.push({
        path: at,
        message: 'the area has no polygon, circle or geocode this system can locate',
      });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    areaSet: {
      polygons: [...polygons.values()].map((p) => p.ring),
      polygonPaths: [...polygons.values()].map((p) => p.path),
      circles: [...circles.values()],
      municipalityCodes: [...codes].sort(),
    },
  };
}
