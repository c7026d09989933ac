/**
 * Work that must happen once across every node, on a schedule (see JobEngine.every). `run` must
 * be idempotent: a node that dies mid-run leaves the job to a retry or the next period, which
 * must find and finish what is left.
 */
export interface ScheduledJob {
  /** Stable name, the job engine's queue (lowercase letters, digits, dashes). */
  name: string;
  /** One run per this many seconds across all nodes. */
  intervalSeconds: number;
  /**
   * Does the work; resolves to how many rows it changed (logged and kept as the job's output, no
   * personal data). `stop` is aborted when the node shuts down: a long job finishes its current
   * step and returns.
   */
  run(stop: AbortSignal): Promise<number>;
}
