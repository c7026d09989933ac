import { describe, expect, it } from 'vitest';
import { bboxOf, distanceMeters, multiPolygonContains, type MultiPolygonCoordinates } from './geometry.js';

const squareWithHole: MultiPolygonCoordinates = [
  [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ],
  [
    [
      [20, 20],
      [21, 20],
      [21, 21],
      [20, 21],
      [20, 20],
    ],
  ],
];

describe('geometry', () => {
  it('tests points against every polygon and its holes', () => {
    expect(multiPolygonContains(squareWithHole, 1, 1)).toBe(true);
    expect(multiPolygonContains(squareWithHole, 5, 5)).toBe(false);
    expect(multiPolygonContains(squareWithHole, 20.5, 20.5)).toBe(true);
    expect(multiPolygonContains(squareWithHole, 15, 15)).toBe(false);
  });

  it('computes the bounding box of the outer rings', () => {
    expect(bboxOf(squareWithHole)).toEqual({ minLon: 0, minLat: 0, maxLon: 21, maxLat: 21 });
  });

  it('measures metres on the sphere', () => {
    // One thousandth of a degree of latitude is about 111 m.
    expect(distanceMeters(136.9, 37.0, 136.9, 37.001)).toBeCloseTo(111.2, 0);
  });
});
