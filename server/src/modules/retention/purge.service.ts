import type { Database } from '../../db/database.js';
import {
  anonymiseTaps,
  deleteEvents,
  deleteInboxItems,
  deleteSharedLocations,
  dropCurrentStates,
  lockIncident,
  markPurged,
  saveIncidentStats,
} from './retention.queries.js';

export interface PurgeReport {
  incidentId: string;
  dryRun: boolean;
  currentStatesDropped: number;
  whereaboutsEventsDeleted: number;
  tapsAnonymised: number;
  sharedLocationsDeleted: number;
  /** null: this installation has no inbox. */
  inboxItemsDeleted: number | null;
}

export class PurgeRefused extends Error {}

class DryRunRollback extends Error {
  constructor(readonly report: PurgeReport) {
    super('dry run');
  }
}

/**
 * Purges the personal records of a closed incident once its retention period has passed:
 * counts first (incident_stats), then whereabouts history and current state, the resident link of
 * taps, shared locations and inbox items. One transaction; a dry run rolls back and reports.
 * The access log is not touched: it is the record of who saw what, append-only by design.
 */
export async function purgeIncident(
  db: Database,
  incidentId: string,
  options: { dryRun: boolean; now?: Date },
): Promise<PurgeReport> {
  const now = options.now ?? new Date();
  try {
    return await db.transaction(async (tx) => {
      const incident = await lockIncident(tx, incidentId);
      if (!incident) throw new PurgeRefused(`incident ${incidentId} not found`);
      if (incident.purged_at)
        throw new PurgeRefused(`incident ${incidentId} was purged at ${incident.purged_at.toISOString()}`);
      if (incident.status !== 'closed' || !incident.ended_at || !incident.purge_after) {
        throw new PurgeRefused(`incident ${incidentId} is still active; close it first`);
      }
      if (incident.purge_after > now) {
        throw new PurgeRefused(
          `incident ${incidentId} is kept until ${incident.purge_after.toISOString()} (retention period)`,
        );
      }
      await saveIncidentStats(tx, incident);
      const report: PurgeReport = {
        incidentId,
        dryRun: options.dryRun,
        currentStatesDropped: await dropCurrentStates(tx, incidentId),
        whereaboutsEventsDeleted: await deleteEvents(tx, incidentId),
        tapsAnonymised: await anonymiseTaps(tx, incident.started_at, incident.ended_at),
        sharedLocationsDeleted: await deleteSharedLocations(tx, incident.ended_at),
        inboxItemsDeleted: await deleteInboxItems(tx, incidentId),
      };
      await markPurged(tx, incidentId);
      if (options.dryRun) throw new DryRunRollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}
