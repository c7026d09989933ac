import type { Config } from '../../../config.js';
import type { Database } from '../../../db/database.js';
import type { Logger } from '../../../logger.js';
import type { RealtimeServer } from '../../../realtime/socket-server.js';
import type { JobEngine } from '../../jobs/job-engine.js';
import { declareScheduledJobs, runLogged } from '../../jobs/scheduled-jobs.js';
import { unattendedBatches } from './letters.queries.js';
import { LetterWorker, type LetterRun } from './letters.worker.js';

/** A node that has not committed a chunk for two minutes is taken to be gone. */
const LEASE_SECONDS = 120;

/** The job engine's queue of letter batches: one job per batch ({ batchId }). */
export const LETTERS_QUEUE = 'enrolment-letters';

/** The periodic job that finds batches no node is working on and queues them again. */
export const LETTERS_WATCH_JOB = 'enrolment-letters-watch';

export function letterWorkerFor(deps: {
  config: Config;
  db: Database;
  io: RealtimeServer | undefined;
  logger: Logger;
}): LetterWorker {
  const { config } = deps;
  return new LetterWorker(deps.db, deps.io, deps.logger, {
    lettersDir: config.lettersDir,
    portalBase: config.publicBaseUrl,
    codeDays: config.ENROLMENT_CODE_DAYS,
    minAge: config.ENROLMENT_MIN_AGE,
    chunkSize: config.ENROLMENT_LETTERS_CHUNK,
    leaseSeconds: LEASE_SECONDS,
  });
}

/**
 * Queues the batch's job: inside the transaction that creates the batch (`transaction`
 * = `engine.within(tx)`), so a batch exists with its job or not at all. One job waits per batch at
 * most (the queue is `short`, keyed by batch).
 */
export async function queueLetterBatch(
  engine: JobEngine,
  batchId: string,
  transaction?: ReturnType<JobEngine['within']>,
): Promise<void> {
  await engine.boss.send(LETTERS_QUEUE, { batchId }, { singletonKey: batchId, ...transaction });
}

/**
 * Letter batches on the job engine. Each batch is one job, queued when HQ creates it; the node
 * that takes it works through the batch chunk by chunk, holding the batch's lease (renewed with
 * every chunk) so no other node works on it at the same time. Each node works one batch at a time
 * in a worker of its own, beside its other jobs.
 *
 * - A node stopping (graceful engine stop) leaves the batch after its current chunk, hands the
 *   lease back and queues the batch again: another node takes it at once and continues from the
 *   journal.
 * - A node that dies keeps its job active until it expires; rather than wait for that, the watch
 *   job (every minute, on one node) queues again every batch whose lease has run out, and the next
 *   node continues it from the journal. The dead node's job, once expired and retried, finds the
 *   batch in other hands or finished and does nothing.
 *
 * A job's expiry is four hours: longer than any batch takes (200,000 letters at ~300/s is about
 * 11 minutes), since pg-boss stops waiting for a handler at its job's expiry.
 */
export function declareLetterJobs(engine: JobEngine, worker: LetterWorker, logger: Logger): void {
  engine.queue(LETTERS_QUEUE, {
    policy: 'short',
    expireInSeconds: 4 * 60 * 60,
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
  });
  engine.work<{ batchId: string }>(LETTERS_QUEUE, { batchSize: 1 }, async ([job]) => {
    const { batchId } = job!.data;
    let run: LetterRun = { letters: 0, outcome: 'not-claimed' };
    await runLogged(logger, LETTERS_QUEUE, async () => {
      run = await worker.runBatch(batchId, engine.stopSignal);
      return run.letters;
    });
    if (run.outcome === 'paused') await queueLetterBatch(engine, batchId);
    return run;
  });
  declareScheduledJobs(
    engine,
    [
      {
        name: LETTERS_WATCH_JOB,
        intervalSeconds: 60,
        async run() {
          const batches = await unattendedBatches(engine.database);
          for (const batchId of batches) await queueLetterBatch(engine, batchId);
          return batches.length;
        },
      },
    ],
    logger,
  );
}
