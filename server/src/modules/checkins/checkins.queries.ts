import type { Queryable } from '../../db/database.js';
import type { TapResult } from './reader.protocol.js';

export interface StoredTap {
  reader_id: string;
  outcome: TapResult['outcome'];
  error_id: string | null;
  occupancy_after: number | null;
}

export interface TapContext {
  /** False when the event id was claimed before (a replay). */
  claimed: boolean;
  /** Null when the shelter does not exist. */
  shelter_status: 'open' | 'closed' | 'full' | null;
  occupancy: number | null;
  resident_id: string | null;
  revoked: boolean | null;
  display_name: string | null;
}

/**
 * Claims the event id and reads what the tap decision needs (the shelter, and the card with its
 * holder) in one round trip: the tap path is the hottest write in the system.
 */
export async function claimTapWithContext(
  db: Queryable,
  tap: {
    eventId: string;
    readerId: string;
    shelterId: string;
    cardToken: string;
    direction: string;
    tappedAt: string;
  },
): Promise<TapContext> {
  const { rows } = await db.query<TapContext>(
    `WITH claim AS (
       INSERT INTO taps (event_id, reader_id, shelter_id, card_token, direction, tapped_at, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, 'rejected')
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id
     )
     SELECT EXISTS (SELECT 1 FROM claim) AS claimed,
            s.status AS shelter_status, s.occupancy,
            card.resident_id, card.revoked, card.display_name
       FROM (SELECT 1) AS one
       LEFT JOIN shelters s ON s.id = $3
       LEFT JOIN LATERAL (
         SELECT c.resident_id, c.revoked_at IS NOT NULL AS revoked,
                r.family_name || ' ' || r.given_name AS display_name
           FROM cards c JOIN residents r ON r.id = c.resident_id
          WHERE c.token = $4
          ORDER BY c.revoked_at DESC NULLS FIRST
          LIMIT 1
       ) AS card ON true`,
    [tap.eventId, tap.readerId, tap.shelterId, tap.cardToken, tap.direction, tap.tappedAt],
  );
  return rows[0]!;
}

export async function findTap(db: Queryable, eventId: string): Promise<StoredTap | undefined> {
  const { rows } = await db.query<StoredTap>(
    'SELECT reader_id, outcome, error_id, occupancy_after FROM taps WHERE event_id = $1',
    [eventId],
  );
  return rows[0];
}

export async function settleTap(
  db: Queryable,
  eventId: string,
  result: {
    outcome: TapResult['outcome'];
    errorId: string | null;
    residentId: string | null;
    occupancy: number | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE taps SET outcome = $2, error_id = $3, resident_id = $4, occupancy_after = $5 WHERE event_id = $1`,
    [eventId, result.outcome, result.errorId, result.residentId, result.occupancy],
  );
}

export async function findShelterForTap(
  db: Queryable,
  shelterId: string,
): Promise<{ status: 'open' | 'closed' | 'full'; occupancy: number } | undefined> {
  const { rows } = await db.query<{ status: 'open' | 'closed' | 'full'; occupancy: number }>(
    'SELECT status, occupancy FROM shelters WHERE id = $1',
    [shelterId],
  );
  return rows[0];
}
