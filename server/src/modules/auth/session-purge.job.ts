import type { Database } from '../../db/database.js';
import type { ScheduledJob } from '../jobs/jobs.types.js';
import { deleteExpiredSessions } from './auth.queries.js';

/**
 * Deletes sessions past their absolute limit or idle for longer than the idle limit. Such a
 * session is already refused by every lookup; its row only kept the hash, the CSRF token and the
 * times the account was last used, which are not worth keeping.
 */
export function expiredSessionPurgeJob(db: Database, idleMinutes: number): ScheduledJob {
  return {
    name: 'session-purge',
    intervalSeconds: 15 * 60,
    run: () => deleteExpiredSessions(db, idleMinutes),
  };
}
