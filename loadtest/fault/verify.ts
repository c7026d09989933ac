import type { Database } from '../../server/src/db/database.js';
import type { AgentLedger } from './agent-handle.js';

export interface FaultReport {
  written: number;
  accepted: number;
  acknowledged: number;
  stored: number;
  /** Acknowledged by the server, yet not in the database: must be 0. */
  lostAcknowledged: number;
  /** Saved by an agent, yet not in the database after it drained: must be 0. */
  lostAccepted: number;
  /** A person counted in more than once, or one tap event stored twice: must be 0. */
  duplicates: number;
  /**
   * In the database but never reported saved: the agent fsynced the tap and was killed before it
   * said so. Delivering it is right (it was on the reader's disk); listed, not an error.
   */
  storedUnconfirmed: number;
  /** Shelters whose occupancy counter differs from the people recorded inside: must be 0. */
  occupancyMismatches: number;
}

/** Compares what the agents accepted and were told with what the database holds. */
export async function compareWithDatabase(
  db: Database,
  ledgers: AgentLedger[],
  shelterIds: string[],
): Promise<FaultReport> {
  const accepted = new Set(ledgers.flatMap((ledger) => [...ledger.saved.keys()]));
  const acknowledged = new Set(ledgers.flatMap((ledger) => [...ledger.acked.keys()]));
  const { rows: taps } = await db.query<{ event_id: string }>(
    'SELECT event_id::text FROM taps WHERE shelter_id = ANY($1::uuid[])',
    [shelterIds],
  );
  const stored = new Set(taps.map((tap) => tap.event_id));
  // Each card is tapped "in" once (again only if the agent never confirmed it): more than one
  // check-in event for a person means a tap was counted twice.
  const { rows: doubled } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT we.resident_id FROM whereabouts_events we
         JOIN taps t ON t.event_id = we.tap_event_id
        WHERE t.shelter_id = ANY($1::uuid[]) AND we.place = 'shelter'
        GROUP BY we.resident_id HAVING count(*) > 1) d`,
    [shelterIds],
  );
  const { rows: mismatched } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM shelters s
      WHERE s.id = ANY($1::uuid[])
        AND s.occupancy <> (SELECT count(*) FROM whereabouts_current wc WHERE wc.shelter_id = s.id)`,
    [shelterIds],
  );
  const missing = (ids: Set<string>) => [...ids].filter((id) => !stored.has(id)).length;
  return {
    written: ledgers.reduce((sum, ledger) => sum + ledger.written, 0),
    accepted: accepted.size,
    acknowledged: acknowledged.size,
    stored: stored.size,
    lostAcknowledged: missing(acknowledged),
    lostAccepted: missing(accepted),
    duplicates: (doubled[0]?.n ?? 0) + (taps.length - stored.size),
    storedUnconfirmed: [...stored].filter((id) => !accepted.has(id)).length,
    occupancyMismatches: mismatched[0]?.n ?? 0,
  };
}
