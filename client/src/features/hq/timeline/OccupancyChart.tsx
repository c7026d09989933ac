import { chartGeometry } from './chartGeometry';

interface OccupancyChartProps {
  values: readonly number[];
  marker: number | null;
  label: string;
  width?: number;
  height?: number;
}

/** Occupancy over time as a hand-drawn SVG line: no chart library for one line and a dot. */
export function OccupancyChart({ values, marker, label, width = 256, height = 72 }: OccupancyChartProps) {
  const chart = chartGeometry(values, { width, height, padding: 4 });
  const markerValue = marker === null ? undefined : values[marker];
  return (
    <svg
      className="occupancy-chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="timeline-chart"
    >
      <path className="occupancy-chart-area" d={chart.area} />
      <path className="occupancy-chart-line" d={chart.line} vectorEffect="non-scaling-stroke" />
      {marker !== null && markerValue !== undefined && (
        <line
          className="occupancy-chart-cursor"
          x1={chart.x(marker)}
          x2={chart.x(marker)}
          y1={0}
          y2={height}
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}
