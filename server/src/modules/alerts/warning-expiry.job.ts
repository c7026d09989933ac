import type { Database } from '../../db/database.js';
import { rooms } from '../../realtime/events.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { ScheduledJob } from '../jobs/jobs.types.js';

/**
 * Marks warnings whose `expires` has passed and tells HQ, after commit, which ones left the active
 * list. Each warning is marked once (`expired_at IS NULL`), so a repeated run finds nothing.
 */
export function warningExpiryJob(db: Database, io: RealtimeServer | undefined): ScheduledJob {
  return {
    name: 'warning-expiry',
    intervalSeconds: 30,
    async run() {
      const marked = await transactionWithEvents(db, io, async (tx, outbox) => {
        const { rows } = await tx.query<{
          id: string;
          lineage_id: string;
          expired_at: Date;
          was_active: boolean;
        }>(
          `UPDATE alerts SET expired_at = now()
            WHERE expired_at IS NULL AND expires IS NOT NULL AND expires <= now()
           RETURNING id, lineage_id, expired_at,
                     (superseded_by IS NULL AND NOT cancelled AND status <> 'Draft') AS was_active`,
        );
        for (const row of rows) {
          // Superseded, cancelled and draft messages were never on HQ's active list.
          if (!row.was_active) continue;
          outbox.add(rooms.hq, 'alert:expired', {
            alertId: row.id,
            lineageId: row.lineage_id,
            expiredAt: row.expired_at.toISOString(),
          });
        }
        return rows.length;
      });
      return marked;
    },
  };
}
