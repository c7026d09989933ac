/**
 * Work that must happen once across every node, on a schedule. `run` must be idempotent: a node
 * that dies mid-run leaves the job to the next slot, which must find and finish what is left.
 */
export interface ScheduledJob {
  /** Stable name, the key in `scheduled_jobs` (lowercase letters, digits, dashes). */
  name: string;
  /** At most one run per this many seconds across all nodes. */
  intervalSeconds: number;
  /**
   * Does the work; resolves to how many rows it changed (logged, no personal data). `stop` is
   * aborted when the node shuts down: a long job finishes its current step and returns.
   */
  run(stop: AbortSignal): Promise<number>;
  /**
   * A job that can run for minutes (a letter batch) runs beside the others instead of before
   * them, so the node's short jobs (warning expiry, pending inbox sets) keep their slots; at most
   * one run of it at a time per node.
   */
  long?: boolean;
}
