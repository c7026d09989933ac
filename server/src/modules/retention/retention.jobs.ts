import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import type { ScheduledJob } from '../jobs/jobs.types.js';
import { purgeIncident, PurgeRefused } from './purge.service.js';

/** Closed incidents whose retention period has passed and that are not purged yet. */
async function incidentsDueForPurge(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM incidents
      WHERE status = 'closed' AND purged_at IS NULL AND ended_at IS NOT NULL
        AND ended_at + make_interval(days => retention_days) <= now()
      ORDER BY ended_at`,
  );
  return rows.map((row) => row.id);
}

/**
 * Purges every incident whose retention period is over (purgeIncident: one transaction each, the
 * counts kept). Logs incident ids and row counts only.
 */
export function retentionPurgeJob(db: Database, logger: Logger): ScheduledJob {
  return {
    name: 'retention-purge',
    intervalSeconds: 60 * 60,
    async run() {
      let purged = 0;
      for (const incidentId of await incidentsDueForPurge(db)) {
        try {
          const report = await purgeIncident(db, incidentId, { dryRun: false });
          logger.info({ ...report }, 'retention: incident purged');
          purged += 1;
        } catch (error) {
          // Purged or reopened in between (by hand, from the CLI): nothing left to do for it.
          if (error instanceof PurgeRefused) continue;
          throw error;
        }
      }
      return purged;
    },
  };
}

/**
 * Shared live locations are only ever used until `expires_at`; after that they are deleted, not
 * kept until the incident's retention ends.
 */
export function liveLocationExpiryJob(db: Database): ScheduledJob {
  return {
    name: 'live-location-expiry',
    intervalSeconds: 60,
    async run() {
      const { rowCount } = await db.query('DELETE FROM resident_locations WHERE expires_at < now()');
      return rowCount;
    },
  };
}
