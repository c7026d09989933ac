import type { Position } from '../geometry.js';
import { findSelfIntersection, ringArea2 } from '../targeting/rings.js';
import { MAX_CIRCLE_RADIUS_KM, MAX_POLYGON_POINTS } from './cap.types.js';

/**
 * CAP area shapes as text (`polygon`: "lat,lon lat,lon …", `circle`: "lat,lon radius_km") and as
 * coordinates. Note the order: CAP writes latitude first, GeoJSON longitude first.
 */
export interface CapCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

type Parsed<T> = { value: T } | { error: string };

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function parsePair(text: string): Parsed<Position> {
  const parts = text.split(',');
  if (parts.length !== 2 || !NUMBER.test(parts[0]!) || !NUMBER.test(parts[1]!)) {
    return { error: `"${text}" is not a "lat,lon" pair` };
  }
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (lat < -90 || lat > 90) return { error: `latitude ${lat} is outside -90..90` };
  if (lon < -180 || lon > 180) return { error: `longitude ${lon} is outside -180..180` };
  return { value: [lon, lat] };
}

/** A CAP polygon as a closed GeoJSON ring ([lon, lat]), or why it is not a valid one. */
export function parseCapPolygon(text: string): Parsed<Position[]> {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length < 4)
    return { error: `a polygon needs at least 4 points (first = last), got ${tokens.length}` };
  if (tokens.length > MAX_POLYGON_POINTS)
    return { error: `a polygon may have at most ${MAX_POLYGON_POINTS} points` };
  const ring: Position[] = [];
  for (const [index, token] of tokens.entries()) {
    const pair = parsePair(token);
    if ('error' in pair) return { error: `point ${index + 1}: ${pair.error}` };
    ring.push(pair.value);
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1])
    return { error: 'the polygon is not closed: the last point must equal the first' };
  const crossing = findSelfIntersection(ring);
  if (crossing)
    return { error: `the polygon intersects itself (edges ${crossing[0] + 1} and ${crossing[1] + 1})` };
  if (ringArea2(ring) === 0) return { error: 'the polygon encloses no area' };
  return { value: ring };
}

/** A CAP circle, or why it is not a valid one (radius must be > 0 and at most 500 km). */
export function parseCapCircle(text: string): Parsed<CapCircle> {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length !== 2) return { error: `"${text}" is not "lat,lon radius_km"` };
  const center = parsePair(tokens[0]!);
  if ('error' in center) return center;
  if (!NUMBER.test(tokens[1]!)) return { error: `radius "${tokens[1]}" is not a number` };
  const radiusKm = Number(tokens[1]);
  if (!(radiusKm > 0)) return { error: 'the radius must be greater than 0 km' };
  if (radiusKm > MAX_CIRCLE_RADIUS_KM)
    return { error: `the radius must be at most ${MAX_CIRCLE_RADIUS_KM} km` };
  return { value: { lon: center.value[0], lat: center.value[1], radiusKm } };
}

const coordinate = (n: number) => String(Math.round(n * 1e7) / 1e7);

/** A GeoJSON ring ([lon, lat]) as a CAP polygon; closes it when the map gave it open. */
export function formatCapPolygon(ring: readonly Position[]): string {
  const closed = [...ring];
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) closed.push(first);
  return closed.map(([lon, lat]) => `${coordinate(lat)},${coordinate(lon)}`).join(' ');
}

export function formatCapCircle(circle: CapCircle): string {
  return `${coordinate(circle.lat)},${coordinate(circle.lon)} ${circle.radiusKm}`;
}
