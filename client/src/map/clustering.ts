export interface ProjectedPoint<T> {
  /** Position in pixels at the zoom being clustered (Leaflet's `map.project`). */
  x: number;
  y: number;
  item: T;
}

export interface GridCluster<T> {
  key: string;
  /** Mean pixel position of the members, where the cluster is drawn. */
  x: number;
  y: number;
  items: T[];
}

/**
 * Groups points that fall into the same square cell of `cellSize` pixels. Cells are anchored at the
 * world pixel origin, so panning never regroups points; only a zoom change does. A single pass over
 * ~2,500 shelters costs well under a millisecond, which is why no spatial index is needed.
 */
export function gridCluster<T>(points: Iterable<ProjectedPoint<T>>, cellSize: number): GridCluster<T>[] {
  if (!(cellSize > 0)) throw new RangeError('cellSize must be positive');
  const cells = new Map<string, { sumX: number; sumY: number; items: T[] }>();
  for (const point of points) {
    const key = `${Math.floor(point.x / cellSize)}:${Math.floor(point.y / cellSize)}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { sumX: 0, sumY: 0, items: [] };
      cells.set(key, cell);
    }
    cell.sumX += point.x;
    cell.sumY += point.y;
    cell.items.push(point.item);
  }
  return Array.from(cells, ([key, cell]) => ({
    key,
    x: cell.sumX / cell.items.length,
    y: cell.sumY / cell.items.length,
    items: cell.items,
  }));
}

/**
 * Grid cells can split a dense town down a cell border and draw two overlapping bubbles. This pass
 * folds any cluster whose centre lies within `minDistance` pixels of a bigger one into it. Clusters
 * number in the low hundreds at most, so the quadratic scan is cheap.
 */
export function mergeCloseClusters<T>(clusters: GridCluster<T>[], minDistance: number): GridCluster<T>[] {
  const bySize = [...clusters].sort((a, b) => b.items.length - a.items.length);
  const merged: GridCluster<T>[] = [];
  for (const cluster of bySize) {
    const target = merged.find((kept) => Math.hypot(kept.x - cluster.x, kept.y - cluster.y) < minDistance);
    if (!target) {
      merged.push({ ...cluster, items: [...cluster.items] });
      continue;
    }
    const total = target.items.length + cluster.items.length;
    target.x = (target.x * target.items.length + cluster.x * cluster.items.length) / total;
    target.y = (target.y * target.items.length + cluster.y * cluster.items.length) / total;
    target.items.push(...cluster.items);
  }
  return merged;
}
