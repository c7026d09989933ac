import type { Queryable } from '../../db/database.js';
import type { TapResult } from './reader.protocol.js';

export interface StoredTap {
  reader_id: string;
  outcome: TapResult['outcome'];
  error_id: string | null;
  occupancy_after: number | null;
}

/** Claims the event id. Returns false when it was claimed before (a replay). */
export async function claimTap(
  db: Queryable,
  tap: { eventId: string; readerId: string; shelterId: string; cardToken: string; direction: string; tappedAt: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO taps (event_id, reader_id, shelter_id, card_token, direction, tapped_at, outcome)
     VALUES ($1, $2, $3, $4, $5, $6, 'rejected')
     ON CONFLICT (event_id) DO NOTHING`,
    [tap.eventId, tap.readerId, tap.shelterId, tap.cardToken, tap.direction, tap.tappedAt],
  );
  return rowCount === 1;
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
  result: { outcome: TapResult['outcome']; errorId: string | null; residentId: string | null; occupancy: number | null },
): Promise<void> {
  await db.query(
    `UPDATE taps SET outcome = $2, error_id = $3, resident_id = $4, occupancy_after = $5 WHERE event_id = $1`,
    [eventId, result.outcome, result.errorId, result.residentId, result.occupancy],
  );
}

export interface CardMatch {
  resident_id: string;
  revoked: boolean;
  display_name: string;
}

/** The active card with this token, or else the most recently revoked one. */
export async function findCardByToken(db: Queryable, token: string): Promise<CardMatch | undefined> {
  const { rows } = await db.query<CardMatch>(
    `SELECT c.resident_id, c.revoked_at IS NOT NULL AS revoked, r.family_name || ' ' || r.given_name AS display_name
       FROM cards c JOIN residents r ON r.id = c.resident_id
      WHERE c.token = $1
      ORDER BY c.revoked_at DESC NULLS FIRST
      LIMIT 1`,
    [token],
  );
  return rows[0];
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
