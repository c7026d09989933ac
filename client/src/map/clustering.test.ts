import { describe, expect, it } from 'vitest';
import { gridCluster, mergeCloseClusters } from './clustering';

const point = <T>(x: number, y: number, item: T) => ({ x, y, item });

describe('gridCluster', () => {
  it('groups points in the same cell and places the cluster at their mean', () => {
    const clusters = gridCluster([point(10, 10, 'a'), point(30, 50, 'b'), point(70, 10, 'c')], 60);
    expect(clusters).toHaveLength(2);
    const [first, second] = clusters;
    expect(first).toEqual({ key: '0:0', x: 20, y: 30, items: ['a', 'b'] });
    expect(second).toEqual({ key: '1:0', x: 70, y: 10, items: ['c'] });
  });

  it('puts points on a cell border into the next cell', () => {
    const clusters = gridCluster([point(59.99, 0, 'a'), point(60, 0, 'b')], 60);
    expect(clusters.map((cluster) => cluster.items)).toEqual([['a'], ['b']]);
  });

  it('keeps every point exactly once', () => {
    const points = Array.from({ length: 2500 }, (_, i) => point((i * 37) % 1000, (i * 91) % 800, i));
    const clusters = gridCluster(points, 56);
    const members = clusters.flatMap((cluster) => cluster.items).sort((a, b) => a - b);
    expect(members).toEqual(points.map((p) => p.item));
  });

  it('is stable under panning because cells are anchored at the world origin', () => {
    const a = gridCluster([point(100, 100, 'a'), point(110, 105, 'b')], 56);
    const b = gridCluster([point(100, 100, 'a'), point(110, 105, 'b')], 56);
    expect(a).toEqual(b);
  });

  it('handles negative coordinates and no points', () => {
    expect(gridCluster([point(-1, -1, 'a')], 10)[0]?.key).toBe('-1:-1');
    expect(gridCluster([], 10)).toEqual([]);
  });

  it('rejects a cell size that is not positive', () => {
    expect(() => gridCluster([], 0)).toThrow(RangeError);
  });
});

describe('mergeCloseClusters', () => {
  it('folds a small neighbour into the bigger cluster at the weighted centre', () => {
    const clusters = gridCluster([point(55, 10, 'a'), point(57, 10, 'b'), point(61, 10, 'c')], 60);
    const merged = mergeCloseClusters(clusters, 20);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.items).toEqual(['a', 'b', 'c']);
    expect(merged[0]?.x).toBeCloseTo(173 / 3);
  });

  it('keeps clusters that are far enough apart and does not change its input', () => {
    const clusters = gridCluster([point(0, 0, 'a'), point(100, 0, 'b')], 60);
    expect(mergeCloseClusters(clusters, 50)).toHaveLength(2);
    expect(clusters.map((cluster) => cluster.items)).toEqual([['a'], ['b']]);
  });
});
