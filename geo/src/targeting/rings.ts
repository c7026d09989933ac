import type { Position } from '../geometry.js';

const orientation = (a: Position, b: Position, c: Position) =>
  Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

const onSegment = (a: Position, b: Position, p: Position) =>
  Math.min(a[0], b[0]) <= p[0] &&
  p[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= p[1] &&
  p[1] <= Math.max(a[1], b[1]);

function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/** Twice the signed area (shoelace); zero for a ring that encloses nothing. */
export function ringArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i += 1) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum;
}

/**
 * Where a closed ring crosses or touches itself (other than consecutive edges meeting at their
 * shared vertex), as the indexes of the two edges; undefined when the ring is simple. The same
 * rule as PostGIS ST_IsValid for a single ring, so a polygon the map accepts the database accepts.
 */
export function findSelfIntersection(input: readonly Position[]): [number, number] | undefined {
  // Repeated consecutive points are harmless (PostGIS accepts them); drop them first.
  const ring = input.filter((p, i) => i === 0 || p[0] !== input[i - 1]![0] || p[1] !== input[i - 1]![1]);
  const edges = ring.length - 1;
  for (let i = 0; i < edges; i += 1) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const minX = Math.min(a[0], b[0]);
    const maxX = Math.max(a[0], b[0]);
    for (let j = i + 1; j < edges; j += 1) {
      const c = ring[j]!;
      const d = ring[j + 1]!;
      if (Math.max(c[0], d[0]) < minX || Math.min(c[0], d[0]) > maxX) continue;
      const adjacent = j === i + 1 || (i === 0 && j === edges - 1);
      if (!adjacent) {
        if (segmentsTouch(a, b, c, d)) return [i, j];
        continue;
      }
      // Consecutive edges share one vertex; they may only fold back onto each other.
      const [near, shared, far] = j === i + 1 ? [a, b, d] : [b, a, c];
      if (
        orientation(near, shared, far) === 0 &&
        (onSegment(near, shared, far) || onSegment(shared, far, near))
      ) {
        return [i, j];
      }
    }
  }
  return undefined;
}
