/** A stop on a visit route: anything with a home point (stops without one go last, in order). */
export interface Stop {
  lat: number | null;
  lon: number | null;
}

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): exact enough for a walk across a district. */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Orders stops by a nearest-neighbour walk: from `start` (else the first stop with a point) always
 * to the closest stop not yet visited. Not the shortest tour, but a sensible order to print for
 * someone on foot, and O(n²) on lists of tens to a few hundred stops. Ties keep the input order.
 */
export function nearestNeighbourOrder<T extends Stop>(
  stops: readonly T[],
  start?: { lat: number; lon: number },
): T[] {
  const located = stops.filter(
    (s): s is T & { lat: number; lon: number } => s.lat !== null && s.lon !== null,
  );
  const unlocated = stops.filter((s) => s.lat === null || s.lon === null);
  const left = [...located];
  const order: T[] = [];
  let here = start ?? located[0];
  while (left.length > 0 && here) {
    let best = 0;
    let bestDistance = Infinity;
    for (let i = 0; i < left.length; i++) {
      const d = distanceMetres(here, left[i]!);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    const [next] = left.splice(best, 1);
    order.push(next!);
    here = next!;
  }
  return [...order, ...unlocated];
}

/** Total walking distance along the order (metres), from `start` when given. */
export function routeLength(stops: readonly Stop[], start?: { lat: number; lon: number }): number {
  let total = 0;
  let here = start ?? null;
  for (const stop of stops) {
    if (stop.lat === null || stop.lon === null) continue;
    const point = { lat: stop.lat, lon: stop.lon };
    if (here) total += distanceMetres(here, point);
    here = point;
  }
  return total;
}
