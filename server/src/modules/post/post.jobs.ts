import type PgBoss from 'pg-boss';
import { POST_LETTERS_QUEUE, POST_LETTERS_WATCH_QUEUE, postLettersJob } from '@contract/post/post.schema.js';
import type { Logger } from '../../logger.js';
import type { JobEngine } from '../jobs/job-engine.js';
import { isUnattended } from './post.queries.js';
import type { PostWorker } from './post.worker.js';

/**
 * Queues a batch's render job and its watchdog: inside the transaction that makes the batch
 * (`transaction` = `engine.within(tx)`), so the batch exists with its jobs or not at all.
 */
export type QueuePostBatch = (
  batchId: string,
  transaction?: ReturnType<JobEngine['within']>,
) => Promise<void>;

const parsed = (job: PgBoss.Job<unknown>, logger: Logger): string | null => {
  const data = postLettersJob.safeParse(job.data);
  if (data.success) return data.data.batchId;
  logger.error({ jobId: job.id, queue: job.name }, 'post letters: job data invalid, dropped');
  return null;
};

/**
 * Letter batches on the job engine, one render job per batch; the node that takes it works
 * through the batch holding its lease (renewed with every chunk), one batch at a time.
 *
 * - A handler that throws (the database went away) is retried by the engine with backoff; its
 *   retry takes the batch over from where the committed chunks left it. A batch claimed more
 *   than `maxAttempts` times fails visibly at HQ instead of looping.
 * - A node shutting down leaves the batch after its current chunk, hands the lease back and
 *   queues it again: another node continues at once.
 * - A node that dies holds its job until the job expires (hours). Rather than wait, each batch
 *   has a watchdog job that comes back every minute while the batch is live: it queues the
 *   render job again when the batch is waiting or its lease ran out, and ends with the batch.
 */
export function declarePostJobs(
  engine: JobEngine,
  worker: PostWorker,
  logger: Logger,
  /** POST_LETTERS_WATCH_SECONDS: how often a live batch's watchdog looks whether a node holds it. */
  watchSeconds: number,
): QueuePostBatch {
  // At most one of each waits per batch (queues of policy `short`, keyed by the batch).
  const queue: QueuePostBatch = async (batchId, transaction) => {
    await engine.boss.send(POST_LETTERS_QUEUE, { batchId }, { singletonKey: batchId, ...transaction });
    await watchAgain(batchId, transaction);
  };
  const watchAgain = async (batchId: string, transaction?: ReturnType<JobEngine['within']>) => {
    await engine.boss.send(
      POST_LETTERS_WATCH_QUEUE,
      { batchId },
      { singletonKey: batchId, startAfter: watchSeconds, ...transaction },
    );
  };

  engine.queue(POST_LETTERS_QUEUE, {
    policy: 'short',
    // pg-boss stops waiting for a handler at its job's expiry: longer than any batch takes.
    expireInSeconds: 4 * 60 * 60,
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
  });
  engine.queue(POST_LETTERS_WATCH_QUEUE, { policy: 'short', expireInSeconds: 60, retryLimit: 5 });

  engine.work<unknown>(POST_LETTERS_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const batchId = parsed(job, logger);
      if (!batchId) continue;
      const run = await worker.runBatch(batchId, () => !engine.isStarted);
      if (run === 'paused') await queue(batchId);
    }
  });

  engine.work<unknown>(
    POST_LETTERS_WATCH_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 2 },
    async (jobs) => {
      for (const job of jobs) {
        const batchId = parsed(job, logger);
        if (!batchId) continue;
        const unattended = await isUnattended(engine.database, batchId);
        if (unattended === null) continue; // finished, cancelled or failed: the watch ends.
        if (unattended) {
          logger.info({ batch: batchId }, 'post letters: batch unattended, queued again');
          await engine.boss.send(POST_LETTERS_QUEUE, { batchId }, { singletonKey: batchId });
        }
        await watchAgain(batchId);
      }
    },
  );
  return queue;
}
