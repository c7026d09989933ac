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
import type { ScheduledJob } from './jobs.types.js';

/**
 * Every periodic job of the system but the letter batches' (declared by the enrolment module with
 * their queue): the one place to add a new one. Every node declares the same list on its job
 * engine, which runs each once per interval across the nodes.
 */
export function scheduledJobs(deps: {
  db: Database;
  io: RealtimeServer | undefined;
  logger: Logger;
  /** Shared by every node (one folder or volume), so one node's sweep covers them all. */
  attachments: AttachmentStore;
  /** SESSION_IDLE_MINUTES: a session idle this long is refused, so its row can go. */
  sessionIdleMinutes: number;
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
    expiredSessionPurgeJob(deps.db, deps.sessionIdleMinutes),
  ];
}
