/**
 * Work that must happen once across every node, on a schedule. `run` must be idempotent: a node
 * that dies mid-run leaves the job to the next slot, which must find and finish what is left.
 */
export interface ScheduledJob {
  /** Stable name, the key in `scheduled_jobs` (lowercase letters, digits, dashes). */
  name: string;
  /** At most one run per this many seconds across all nodes. */
  intervalSeconds: number;
  /** Does the work; resolves to how many rows it changed (logged, no personal data). */
  run(): Promise<number>;
}
