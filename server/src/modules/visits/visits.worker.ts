import type PgBoss from 'pg-boss';
import type { Logger } from '../../logger.js';
import type { JobEngine } from '../jobs/job-engine.js';
import { openFromEscalationJob, VISIT_TASKS_OPEN_QUEUE } from '@contract/visits/visits.schema.js';
import type { VisitService } from './visits.service.js';

/**
 * The escalation's last step sends `{ alertId, residentIds }` to `visit-tasks.open` when nothing
 * reached some people. Opening is idempotent (one open task per person and warning), so a job
 * that runs again after a crash or a retry opens nothing twice. A job whose data does not parse
 * is logged and dropped: running it again would not make it valid.
 */
export function declareVisitWorker(jobs: JobEngine, visits: VisitService, logger: Logger): void {
  jobs.work<unknown>(
    VISIT_TASKS_OPEN_QUEUE,
    { batchSize: 20, pollingIntervalSeconds: 1 },
    async (batch: PgBoss.Job<unknown>[]) => {
      for (const job of batch) {
        const parsed = openFromEscalationJob.safeParse(job.data);
        if (!parsed.success) {
          logger.error({ jobId: job.id, queue: VISIT_TASKS_OPEN_QUEUE }, 'visits: job data invalid, dropped');
          continue;
        }
        const opened = await visits.openFromEscalation(parsed.data.alertId, parsed.data.residentIds);
        logger.info(
          { jobId: job.id, alertId: parsed.data.alertId, opened },
          'visits: tasks opened by escalation',
        );
      }
    },
  );
}
