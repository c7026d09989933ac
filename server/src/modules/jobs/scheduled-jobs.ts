import type { Logger } from '../../logger.js';
import { errorIdOf, type JobEngine } from './job-engine.js';
import type { ScheduledJob } from './jobs.types.js';

/**
 * What pg-boss keeps of a failed run (the job's output) and retries on: the error id only, as in
 * the log. A database error's message can quote the values of a row.
 */
export class JobFailed extends Error {
  constructor(readonly errorId: string) {
    super(errorId);
    this.name = 'JobFailed';
  }
}

/**
 * Runs `run` as one job of `name`: logs its row count and duration, or its failure by job name
 * and error id (never a message), and rethrows the failure as its error id so the engine retries.
 */
export async function runLogged(
  logger: Logger,
  name: string,
  run: () => Promise<number>,
): Promise<{ affected: number }> {
  const startedAt = Date.now();
  try {
    const affected = await run();
    const fields = { job: name, affected, ms: Date.now() - startedAt };
    if (affected > 0) logger.info(fields, 'jobs: run finished');
    else logger.debug(fields, 'jobs: run finished');
    return { affected };
  } catch (error) {
    const errorId = errorIdOf(error);
    logger.error({ job: name, error: errorId, ms: Date.now() - startedAt }, 'jobs: run failed');
    throw new JobFailed(errorId);
  }
}

/**
 * A hung run gives its job back after this long (pg-boss expiry, then a retry on any node): the
 * period itself for hourly and longer jobs, at least five minutes for the frequent ones.
 */
const expiryOf = (job: ScheduledJob) => Math.min(3600, Math.max(300, job.intervalSeconds));

/** Declares each job on the engine: a queue of its own, run once per its interval across nodes. */
export function declareScheduledJobs(engine: JobEngine, jobs: readonly ScheduledJob[], logger: Logger): void {
  for (const job of jobs) {
    engine.every(
      job.name,
      job.intervalSeconds,
      // A failed run is tried twice more (30 s, then 60 s later) before waiting for its next period.
      { expireInSeconds: expiryOf(job), retryLimit: 2, retryDelay: 30, retryBackoff: true },
      (stop) => runLogged(logger, job.name, () => job.run(stop)),
    );
  }
}
