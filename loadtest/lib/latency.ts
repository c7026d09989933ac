/** Latency samples in milliseconds and their percentiles (nearest rank). */
export class Latencies {
  private readonly samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  summary(): { p50: number; p95: number; p99: number; max: number; mean: number } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
    const round = (n: number) => Math.round(n * 10) / 10;
    const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
    return {
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      p99: round(at(0.99)),
      max: round(at(1)),
      mean: round(mean),
    };
  }
}
