import type { Logger } from '../../../logger.js';
import { errorIdOf, type JobEngine } from '../../jobs/job-engine.js';
import { JobFailed, runLogged } from '../../jobs/scheduled-jobs.js';
import { CLAIM_NOTICE_QUEUES, type ClaimNoticeJob, type ClaimNoticeSendJob } from './claim-notice.jobs.js';
import type { ClaimNoticeWorker } from './claim-notice.worker.js';

/**
 * Claim notices on the job engine. Sends go one job at a time: a job that throws is retried whole,
 * and a batch of several would send its successful messages again.
 */
export function declareClaimNoticeJobs(engine: JobEngine, worker: ClaimNoticeWorker, logger: Logger): void {
  engine.work<ClaimNoticeJob>(
    CLAIM_NOTICE_QUEUES.fanOut,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => runLogged(logger, CLAIM_NOTICE_QUEUES.fanOut, () => worker.fanOut(job!.data)),
  );
  engine.work<ClaimNoticeSendJob>(
    CLAIM_NOTICE_QUEUES.send,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      try {
        return { outcome: await worker.send(job!.data) };
      } catch (error) {
        if (error instanceof JobFailed) throw error;
        // What the engine keeps of a failure is its id only: a database error can quote values.
        logger.error({ job: CLAIM_NOTICE_QUEUES.send, error: errorIdOf(error) }, 'jobs: run failed');
        throw new JobFailed(errorIdOf(error));
      }
    },
  );
}
