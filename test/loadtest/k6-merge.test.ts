import { describe, expect, it } from 'vitest';
import type { K6Metric } from '../../loadtest/lib/k6-runner.js';
import { mergedQuantile, mergeSummaries, trendPart } from '../../loadtest/lib/k6-merge.js';

/** The k6 summary values of a trend over `samples`, with p(1) … p(99) as FINE_PERCENTILES gives. */
function summaryOf(samples: number[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  // k6's percentile: linear between closest ranks.
  const percentile = (p: number) => {
    const rank = (p / 100) * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  };
  const values: Record<string, number> = {
    count: sorted.length,
    min: sorted[0]!,
    max: sorted.at(-1)!,
    avg: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    med: percentile(50),
  };
  for (let p = 1; p < 100; p++) values[`p(${p})`] = percentile(p);
  return values;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('merging k6 summaries of processes that ran side by side', () => {
  it('gives back the quantiles of one distribution split across two processes', () => {
    const all = range(0, 10_000).map((i) => (i * 7919) % 10_000); // 0 … 9,999 shuffled
    const parts = [summaryOf(all.slice(0, 5_000)), summaryOf(all.slice(5_000))].map((v) => trendPart(v)!);
    for (const q of [0.5, 0.95, 0.99]) expect(mergedQuantile(parts, q)).toBeCloseTo(q * 10_000, -2);
  });

  it('weights each process by its sample count', () => {
    // 9,000 fast receipts (0 … 100 ms) and 1,000 slow ones (1,000 … 2,000 ms): p95 is among the slow.
    const fast = trendPart(summaryOf(range(0, 9_000).map((i) => i / 90)))!;
    const slow = trendPart(summaryOf(range(0, 1_000).map((i) => 1_000 + i)))!;
    expect(mergedQuantile([fast, slow], 0.5)).toBeLessThan(100);
    expect(mergedQuantile([fast, slow], 0.95)).toBeCloseTo(1_500, -2);
    expect(mergedQuantile([fast, slow], 0.85)).toBeLessThanOrEqual(100.5);
  });

  it('adds counters, merges trends and rates, and keeps a metric only one process had', () => {
    const a: Record<string, K6Metric> = {
      fanout_received: { type: 'counter', values: { count: 10_000, rate: 100 } },
      fanout_latency: { type: 'trend', values: summaryOf(range(0, 100)) },
      checks: { type: 'rate', values: { passes: 1, fails: 0, rate: 1 } },
      socket_connect_errors: { type: 'counter', values: { count: 2, rate: 0.1 } },
    };
    const b: Record<string, K6Metric> = {
      fanout_received: { type: 'counter', values: { count: 9_999, rate: 99 } },
      fanout_latency: { type: 'trend', values: summaryOf(range(100, 200)) },
      checks: { type: 'rate', values: { passes: 0, fails: 1, rate: 0 } },
    };
    const merged = mergeSummaries([{ metrics: a }, { metrics: b }]).metrics;
    expect(merged.fanout_received!.values).toEqual({ count: 19_999, rate: 199 });
    expect(merged.socket_connect_errors!.values.count).toBe(2);
    expect(merged.checks!.values.rate).toBe(0.5);
    const latency = merged.fanout_latency!.values;
    expect(latency.count).toBe(200);
    expect(latency.min).toBe(0);
    expect(latency.max).toBe(199);
    expect(latency.avg).toBeCloseTo(99.5);
    expect(latency.med).toBeCloseTo(100, -1);
    expect(latency['p(95)']).toBeCloseTo(190, -1);
  });

  it('has no distribution for a trend without samples', () => {
    expect(trendPart({ count: 0 })).toBeUndefined();
    expect(
      mergeSummaries([{ metrics: { t: { type: 'trend', values: { count: 0 } } } }]).metrics.t!.values,
    ).toEqual({});
  });
});
