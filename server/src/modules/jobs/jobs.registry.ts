import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { warningExpiryJob } from '../alerts/warning-expiry.job.js';
import { expiredSessionPurgeJob } from '../auth/session-purge.job.js';
import { writePendingEntries } from '../inbox/inbox-writers.js';
import { purgeExpiredNotices } from '../notices/notices.module.js';
import type { AttachmentStore } from '../relief/attachment-store.js';
import { attachmentSweepJob } from '../relief/attachment-sweep.job.js';
import { liveLocationExpiryJob, retentionPurgeJob } from '../retention/retention.jobs.js';
import type { LetterWorker } from '../enrolment/letters/letters.worker.js';
import { enrolmentLettersJob } from '../enrolment/letters/letters.job.js';
import { deleteOldRuns } from './jobs.queries.js';
import type { ScheduledJob } from './jobs.types.js';

/** Run history is for operators looking at the last weeks, not a record to keep. */
const JOB_HISTORY_DAYS = 30;

function jobHistoryJob(db: Database): ScheduledJob {
  return {
    name: 'job-history-prune',
    intervalSeconds: 24 * 60 * 60,
    run: () => deleteOldRuns(db, JOB_HISTORY_DAYS),
  };
}

/**
 * Every run-once job of the system: the one place to register a new one. Each node builds this
 * list and hands it to its JobRunner; `scheduled_jobs` makes each due run happen on one node.
 */
export function scheduledJobs(deps: {
  db: Database;
  io: RealtimeServer | undefined;
  logger: Logger;
  /** Shared by every node (one folder or volume), so one node's sweep covers them all. */
  attachments: AttachmentStore;
  /** SESSION_IDLE_MINUTES: a session idle this long is refused, so its row can go. */
  sessionIdleMinutes: number;
  /** Works enrolment letter batches (see letters.job.ts); every node that serves HQ gives one. */
  letters?: LetterWorker;
}): ScheduledJob[] {
  return [
    warningExpiryJob(deps.db, deps.io),
    // Warning entries a crash left pending between the send's commit and their rows (normally the
    // sender, a reader or another writer writes them within moments).
    { name: 'inbox-pending', intervalSeconds: 60, run: () => writePendingEntries(deps.db) },
    liveLocationExpiryJob(deps.db),
    retentionPurgeJob(deps.db, deps.logger),
    // Notices that ended longer ago than the notice retention period, with their inbox entries.
    { name: 'notice-purge', intervalSeconds: 60 * 60, run: () => purgeExpiredNotices(deps.db) },
    attachmentSweepJob(deps.db, deps.attachments),
    jobHistoryJob(deps.db),
    expiredSessionPurgeJob(deps.db, deps.sessionIdleMinutes),
    ...(deps.letters ? [enrolmentLettersJob(deps.letters)] : []),
  ];
}
