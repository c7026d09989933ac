import type { Queryable } from '../../db/database.js';

export interface CardRow {
  id: string;
  resident_id: string;
  kind: 'my_number' | 'transit' | 'issued' | 'other';
  created_at: Date;
  revoked_at: Date | null;
}

const CARD_COLUMNS = 'id, resident_id, kind, created_at, revoked_at';

export async function listCards(db: Queryable, residentId: string): Promise<CardRow[]> {
  const { rows } = await db.query<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM cards WHERE resident_id = $1 ORDER BY revoked_at DESC NULLS FIRST, created_at DESC`,
    [residentId],
  );
  return rows;
}

export async function findActiveCardByToken(db: Queryable, token: string): Promise<CardRow | undefined> {
  const { rows } = await db.query<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM cards WHERE token = $1 AND revoked_at IS NULL`,
    [token],
  );
  return rows[0];
}

/** Undefined when an active card with this token exists (the partial unique index). */
export async function insertCard(
  db: Queryable,
  card: { token: string; residentId: string; kind: string; createdBy: string },
): Promise<CardRow | undefined> {
  const { rows } = await db.query<CardRow>(
    `INSERT INTO cards (token, resident_id, kind, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (token) WHERE revoked_at IS NULL DO NOTHING
     RETURNING ${CARD_COLUMNS}`,
    [card.token, card.residentId, card.kind, card.createdBy],
  );
  return rows[0];
}

export async function findCard(db: Queryable, cardId: string): Promise<CardRow | undefined> {
  const { rows } = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE id = $1`, [cardId]);
  return rows[0];
}

export async function revokeCard(
  db: Queryable,
  cardId: string,
  userId: string,
): Promise<CardRow | undefined> {
  const { rows } = await db.query<CardRow>(
    `UPDATE cards SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${CARD_COLUMNS}`,
    [cardId, userId],
  );
  return rows[0];
}

export interface UnknownTapRow {
  event_id: string;
  reader_id: string;
  reader_name: string;
  card_token: string;
  tapped_at: Date;
  received_at: Date;
  resolved_at: Date | null;
}

export async function listUnknownTaps(
  db: Queryable,
  shelterId: string,
  limit: number,
): Promise<UnknownTapRow[]> {
  const { rows } = await db.query<UnknownTapRow>(
    `SELECT t.event_id, t.reader_id, r.name AS reader_name, t.card_token, t.tapped_at, t.received_at, t.resolved_at
       FROM taps t JOIN readers r ON r.id = t.reader_id
      WHERE t.shelter_id = $1 AND t.outcome = 'unknown_card' AND t.resolved_at IS NULL
      ORDER BY t.received_at DESC
      LIMIT $2`,
    [shelterId, limit],
  );
  return rows;
}

/** The unknown-card tap, locked so two staff binding it at once are served one after the other. */
export async function lockUnknownTap(
  db: Queryable,
  shelterId: string,
  eventId: string,
): Promise<UnknownTapRow | undefined> {
  const { rows } = await db.query<UnknownTapRow>(
    `SELECT t.event_id, t.reader_id, '' AS reader_name, t.card_token, t.tapped_at, t.received_at, t.resolved_at
       FROM taps t
      WHERE t.event_id = $1 AND t.shelter_id = $2 AND t.outcome = 'unknown_card'
      FOR UPDATE`,
    [eventId, shelterId],
  );
  return rows[0];
}

/** Marks every unresolved unknown tap of this card at this shelter as resolved; returns their ids. */
export async function resolveUnknownTaps(
  db: Queryable,
  resolution: { shelterId: string; token: string; residentId: string; userId: string },
): Promise<string[]> {
  const { rows } = await db.query<{ event_id: string }>(
    `UPDATE taps SET resolved_at = now(), resolved_by = $4, resident_id = $3
      WHERE shelter_id = $1 AND card_token = $2 AND outcome = 'unknown_card' AND resolved_at IS NULL
      RETURNING event_id`,
    [resolution.shelterId, resolution.token, resolution.residentId, resolution.userId],
  );
  return rows.map((row) => row.event_id);
}
