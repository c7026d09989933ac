import { describe, expect, it } from 'vitest';
import { distanceMetres, nearestNeighbourOrder, routeLength } from './route-order.js';

const stop = (name: string, lat: number | null, lon: number | null) => ({ name, lat, lon });

describe('visit route order (nearest-neighbour walk)', () => {
  it('walks from the start to the closest stop not yet visited, unlocated stops last', () => {
    const stops = [
      stop('far', 36.6, 136.7),
      stop('no home', null, null),
      stop('near', 36.5005, 136.5005),
      stop('middle', 36.55, 136.6),
    ];
    const order = nearestNeighbourOrder(stops, { lat: 36.5, lon: 136.5 });
    expect(order.map((s) => s.name)).toEqual(['near', 'middle', 'far', 'no home']);
  });

  it('starts at the first located stop without a start point, and is never longer than the input order here', () => {
    const stops = [stop('a', 36.5, 136.5), stop('c', 36.52, 136.5), stop('b', 36.51, 136.5)];
    const order = nearestNeighbourOrder(stops);
    expect(order.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect(routeLength(order)).toBeLessThan(routeLength(stops));
  });

  it('measures distances on the ground (one minute of latitude is about 1,852 m)', () => {
    expect(distanceMetres({ lat: 36, lon: 136 }, { lat: 36 + 1 / 60, lon: 136 })).toBeCloseTo(1853, -1);
  });
});
