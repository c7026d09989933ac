/**
 * Merging the end-of-test summaries of k6 processes that ran side by side (the 20,000-socket
 * fan-out needs two: one k6 process cannot hold more files than the per-process limit). Counters
 * add up; a trend's percentiles are recomputed from each process's p(1) … p(99) (alert-fanout.js
 * with FINE_PERCENTILES=1) as a mixture of their distributions, weighted by sample count.
 */
import type { K6Metric } from './k6-runner.js';

interface Part {
  count: number;
  /** (value, cumulative fraction) points, increasing in both. */
  points: [number, number][];
}

/** A trend's distribution from its summary values: min, p(…) and max. */
export function trendPart(values: Record<string, number>): Part | undefined {
  const count = values.count ?? 0;
  if (count === 0 || values.min === undefined || values.max === undefined) return undefined;
  const points: [number, number][] = [[values.min, 0]];
  const percentiles = Object.entries(values)
    .map(([key, value]) => [/^p\(([\d.]+)\)$/.exec(key)?.[1], value] as const)
    .filter((entry): entry is readonly [string, number] => entry[0] !== undefined)
    .map(([p, value]): [number, number] => [value, Number(p) / 100]);
  if (values.med !== undefined) percentiles.push([values.med, 0.5]);
  percentiles.sort((a, b) => a[1] - b[1]);
  for (const point of percentiles) points.push(point);
  points.push([values.max, 1]);
  // Values must not decrease as the fraction grows (they never do in a k6 summary).
  for (let i = 1; i < points.length; i++) points[i]![0] = Math.max(points[i]![0], points[i - 1]![0]);
  return { count, points };
}

/** Fraction of a part's samples at or below x (linear between its points). */
function cdf(part: Part, x: number): number {
  const { points } = part;
  if (x < points[0]![0]) return 0;
  if (x >= points.at(-1)![0]) return 1;
  for (let i = 1; i < points.length; i++) {
    const [v1, f1] = points[i]!;
    if (x < v1) {
      const [v0, f0] = points[i - 1]!;
      return v1 === v0 ? f1 : f0 + ((f1 - f0) * (x - v0)) / (v1 - v0);
    }
  }
  return 1;
}

/** The q-quantile (0..1) of the parts taken together. */
export function mergedQuantile(parts: Part[], q: number): number {
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  let low = Math.min(...parts.map((p) => p.points[0]![0]));
  let high = Math.max(...parts.map((p) => p.points.at(-1)![0]));
  if (q <= 0) return low;
  const fraction = (x: number) => parts.reduce((sum, p) => sum + p.count * cdf(p, x), 0) / total;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (fraction(mid) >= q) high = mid;
    else low = mid;
  }
  return high;
}

function mergeTrend(metrics: K6Metric[]): K6Metric {
  const parts = metrics.map((m) => trendPart(m.values)).filter((p): p is Part => p !== undefined);
  if (parts.length === 0) return { type: 'trend', values: {} };
  const count = parts.reduce((sum, p) => sum + p.count, 0);
  const values: Record<string, number> = {
    count,
    min: Math.min(...parts.map((p) => p.points[0]![0])),
    max: Math.max(...parts.map((p) => p.points.at(-1)![0])),
    avg: metrics.reduce((sum, m) => sum + (m.values.avg ?? 0) * (m.values.count ?? 0), 0) / count,
    med: mergedQuantile(parts, 0.5),
  };
  for (const p of [90, 95, 99]) values[`p(${p})`] = mergedQuantile(parts, p / 100);
  return { type: 'trend', values };
}

/**
 * One summary from several: counters summed (their rate too: the processes ran over the same
 * time), trends merged as above, rates averaged by their sample counts, gauges summed. Thresholds
 * are not carried over: each process judged its own share.
 */
export function mergeSummaries(summaries: { metrics: Record<string, K6Metric> }[]): {
  metrics: Record<string, K6Metric>;
} {
  const names = new Set(summaries.flatMap((s) => Object.keys(s.metrics)));
  const metrics: Record<string, K6Metric> = {};
  for (const name of names) {
    const present = summaries.map((s) => s.metrics[name]).filter((m): m is K6Metric => m !== undefined);
    const type = present[0]!.type;
    if (type === 'trend') metrics[name] = mergeTrend(present);
    else if (type === 'counter')
      metrics[name] = {
        type,
        values: {
          count: present.reduce((sum, m) => sum + (m.values.count ?? 0), 0),
          rate: present.reduce((sum, m) => sum + (m.values.rate ?? 0), 0),
        },
      };
    else if (type === 'rate') {
      const passes = present.reduce((sum, m) => sum + (m.values.passes ?? 0), 0);
      const fails = present.reduce((sum, m) => sum + (m.values.fails ?? 0), 0);
      metrics[name] = {
        type,
        values: { passes, fails, rate: passes + fails > 0 ? passes / (passes + fails) : 0 },
      };
    } else
      metrics[name] = { type, values: { value: present.reduce((sum, m) => sum + (m.values.value ?? 0), 0) } };
  }
  return { metrics };
}
