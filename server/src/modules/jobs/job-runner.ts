import os from 'node:os';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { claimDueJob, finishRun, registerJobs, type ClaimedRun } from './jobs.queries.js';
import type { ScheduledJob } from './jobs.types.js';

/** A stable, non-personal label for the node in logs and `job_runs`. */
export const nodeLabel = () => `${os.hostname()}:${process.pid}`;

/** Database error code or error class: enough to find the cause, never the values in a message. */
function errorIdOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length <= 20) return `db_${code}`;
  return error instanceof Error ? error.name : 'unknown';
}

/**
 * Every node starts one. Each poll it claims due jobs one at a time (see claimDueJob) and runs
 * them, so however many nodes are up, each due job runs once. Polls never overlap on one node.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private polling: Promise<void> | null = null;
  /** Runs of long jobs on this node, by job name (see ScheduledJob.long). */
  private readonly longRuns = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly byName: Map<string, ScheduledJob>;

  constructor(
    private readonly db: Database,
    jobs: readonly ScheduledJob[],
    private readonly logger: Logger,
    private readonly options: { pollMs: number; node?: string },
  ) {
    this.byName = new Map(jobs.map((job) => [job.name, job]));
  }

  async start(): Promise<void> {
    await registerJobs(this.db, [...this.byName.values()]);
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
    void this.poll();
  }

  /**
   * Stops polling and waits for the runs in progress, so shutdown does not cut a purge in half;
   * long jobs are told to stop after their current step.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.polling;
    await Promise.all(this.longRuns.values());
  }

  /** Runs every job due now (exposed for tests and for the first poll at start). */
  poll(): Promise<void> {
    this.polling ??= this.runDue().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async runDue(): Promise<void> {
    const node = this.options.node ?? nodeLabel();
    for (;;) {
      let claimed: ClaimedRun | null;
      try {
        claimed = await claimDueJob(this.db, [...this.byName.keys()], node);
      } catch (error) {
        this.logger.error({ node, error: errorIdOf(error) }, 'jobs: could not look for due jobs');
        return;
      }
      if (!claimed) return;
      await this.runOne(claimed, node);
      if (this.closed) return;
    }
  }

  private async runOne(claimed: ClaimedRun, node: string): Promise<void> {
    const job = this.byName.get(claimed.jobName)!;
    if (!job.long) return this.execute(job, claimed, node);
    if (this.longRuns.has(job.name)) {
      // Its previous run is still working on this node: this slot has nothing more to do here.
      await finishRun(this.db, claimed, { outcome: 'ok', affected: 0 }).catch(() => undefined);
      return;
    }
    const run = this.execute(job, claimed, node).finally(() => this.longRuns.delete(job.name));
    this.longRuns.set(job.name, run);
  }

  private async execute(job: ScheduledJob, claimed: ClaimedRun, node: string): Promise<void> {
    const startedAt = Date.now();
    try {
      const affected = await job.run(this.stopping.signal);
      await finishRun(this.db, claimed, { outcome: 'ok', affected });
      const fields = { job: job.name, node, affected, ms: Date.now() - startedAt };
      if (affected > 0) this.logger.info(fields, 'jobs: run finished');
      else this.logger.debug(fields, 'jobs: run finished');
    } catch (error) {
      const errorId = errorIdOf(error);
      this.logger.error(
        { job: job.name, node, error: errorId, ms: Date.now() - startedAt },
        'jobs: run failed',
      );
      await finishRun(this.db, claimed, { outcome: 'failed', errorId }).catch(() => undefined);
    }
  }
}
