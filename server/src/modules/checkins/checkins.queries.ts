import type { Queryable } from '../../db/database.js';
import type { TapResult } from '@contract/checkins/reader.protocol.js';

export interface StoredTap {
  reader_id: string;
  outcome: TapResult['outcome'];
  error_id: string | null;
  occupancy_after: number | null;
}

export interface TapContext {
  event_id: string;
  /** False when the event id was claimed before (a replay). */
  claimed: boolean;
  /** Null when the shelter does not exist. */
  shelter_status: 'open' | 'closed' | 'full' | null;
  occupancy: number | null;
  resident_id: string | null;
  revoked: boolean | null;
  display_name: string | null;
  /** The card holder has an open visit task: an accepted tap closes it (see visit-closing.ts). */
  open_visit: boolean | null;
}

export interface TapToClaim {
  eventId: string;
  readerId: string;
  shelterId: string;
  cardToken: string;
  direction: string;
  tappedAt: string;
}

/**
 * Claims the event ids of a group of taps (distinct ids), locks the card holders, and reads what
 * each decision needs (the reader's shelter, the card with its holder, and whether the holder has
 * an open visit task: one probe of an index that holds only open tasks, so the group pays a
 * statement for visits only when some holder has one), in one round trip: the tap path is the
 * hottest write in the system. Rows come back in input order.
 *
 * Lock order, the same in every group: tap ids (inserted sorted), then people (FOR NO KEY UPDATE,
 * sorted; as `lockResident` does for one), then shelters (`writeTapGroup`). Two groups never wait
 * on each other in a cycle. The people's current state must be read by a later statement, which
 * sees what the previous lock holders committed.
 */
export async function claimTaps(db: Queryable, taps: readonly TapToClaim[]): Promise<TapContext[]> {
  const { rows } = await db.query<TapContext>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
         WITH ORDINALITY AS t(event_id, reader_id, shelter_id, card_token, direction, tapped_at, n)
     ), claim AS (
       INSERT INTO taps (event_id, reader_id, shelter_id, card_token, direction, tapped_at, outcome)
       SELECT event_id, reader_id, shelter_id, card_token, direction, tapped_at, 'rejected'
         FROM input ORDER BY event_id
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id
     ), people AS MATERIALIZED (
       SELECT id FROM residents
        WHERE id IN (SELECT resident_id FROM cards WHERE token IN (SELECT card_token FROM input))
        ORDER BY id
          FOR NO KEY UPDATE
     )
     SELECT i.event_id, claim.event_id IS NOT NULL AS claimed,
            s.status AS shelter_status, s.occupancy,
            people.id AS resident_id, card.revoked, card.display_name,
            EXISTS (SELECT 1 FROM visit_tasks v
                     WHERE v.resident_id = people.id AND v.status IN ('open', 'assigned')) AS open_visit
       FROM input i
       LEFT JOIN claim ON claim.event_id = i.event_id
       LEFT JOIN shelters s ON s.id = i.shelter_id
       LEFT JOIN LATERAL (
         SELECT c.resident_id, c.revoked_at IS NOT NULL AS revoked,
                r.family_name || ' ' || r.given_name AS display_name
           FROM cards c JOIN residents r ON r.id = c.resident_id
          WHERE c.token = i.card_token
          ORDER BY c.revoked_at DESC NULLS FIRST
          LIMIT 1
       ) AS card ON true
       LEFT JOIN people ON people.id = card.resident_id
      ORDER BY i.n`,
    [
      taps.map((t) => t.eventId),
      taps.map((t) => t.readerId),
      taps.map((t) => t.shelterId),
      taps.map((t) => t.cardToken),
      taps.map((t) => t.direction),
      taps.map((t) => t.tappedAt),
    ],
  );
  return rows;
}

/** Stored results of taps received before (replays), by event id. */
export async function findTaps(db: Queryable, eventIds: readonly string[]): Promise<Map<string, StoredTap>> {
  if (eventIds.length === 0) return new Map();
  const { rows } = await db.query<StoredTap & { event_id: string }>(
    'SELECT event_id, reader_id, outcome, error_id, occupancy_after FROM taps WHERE event_id = ANY($1::uuid[])',
    [eventIds],
  );
  return new Map(rows.map((row) => [row.event_id, row]));
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
