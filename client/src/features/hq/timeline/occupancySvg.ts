import { chartGeometry } from './chartGeometry';

const SVG = 'http://www.w3.org/2000/svg';

function svgNode<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/**
 * A small occupancy-over-time chart as plain SVG nodes, for Leaflet popups (built outside React).
 * `marker`: the snapshot shown on the map right now, drawn as a dot.
 */
export function buildOccupancySvg(
  values: readonly number[],
  options: { label: string; marker: number | null; width?: number; height?: number },
): SVGSVGElement {
  const width = options.width ?? 220;
  const height = options.height ?? 56;
  const chart = chartGeometry(values, { width, height, padding: 4 });
  const root = svgNode('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    class: 'occupancy-chart',
    'aria-label': options.label,
  });
  root.append(
    svgNode('path', { d: chart.area, class: 'occupancy-chart-area' }),
    svgNode('path', { d: chart.line, class: 'occupancy-chart-line' }),
  );
  if (options.marker !== null && values[options.marker] !== undefined) {
    root.append(
      svgNode('circle', {
        cx: chart.x(options.marker),
        cy: chart.y(values[options.marker]!),
        r: 3,
        class: 'occupancy-chart-marker',
      }),
    );
  }
  return root;
}
