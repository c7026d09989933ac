export interface ChartBox {
  width: number;
  height: number;
  /** Room left at the top and bottom so the line and the marker are not clipped. */
  padding: number;
}

export interface ChartGeometry {
  /** SVG path of the line through every value. */
  line: string;
  /** The same line closed down to the baseline, for the filled area. */
  area: string;
  max: number;
  x(index: number): number;
  y(value: number): number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Scales a series of counts into a small chart: x by position (snapshots are what the data has;
 * their uneven spacing in time is shown by the labels, not the axis), y from zero to the peak.
 */
export function chartGeometry(values: readonly number[], box: ChartBox): ChartGeometry {
  const max = Math.max(1, ...values);
  const span = Math.max(1, values.length - 1);
  const x = (index: number) => round((index / span) * box.width);
  const y = (value: number) =>
    round(box.height - box.padding - (value / max) * (box.height - 2 * box.padding));
  const points = values.map((value, index) => `${x(index)},${y(value)}`);
  const line = points.length > 0 ? `M${points.join('L')}` : '';
  const baseline = box.height - box.padding;
  const area = points.length > 0 ? `${line}L${x(values.length - 1)},${baseline}L${x(0)},${baseline}Z` : '';
  return { line, area, max, x, y };
}
