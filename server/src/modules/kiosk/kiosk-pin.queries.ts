import type { Queryable } from '../../db/database.js';

/** The account a card would sign in at a kiosk: an active card, its person's resident account. */
export interface SignInCandidate {
  resident_id: string;
  user_id: string | null;
  pin_hash: string | null;
}

export async function findSignInCandidate(
  db: Queryable,
  cardToken: string,
): Promise<SignInCandidate | undefined> {
  const { rows } = await db.query<SignInCandidate>(
    `SELECT c.resident_id, u.id AS user_id, u.kiosk_pin_hash AS pin_hash
       FROM cards c
       LEFT JOIN users u ON u.resident_id = c.resident_id AND u.role = 'resident' AND u.disabled_at IS NULL
      WHERE c.token = $1 AND c.revoked_at IS NULL`,
    [cardToken],
  );
  return rows[0];
}

/**
 * The wrong-PIN count of a card token, its row created if need be and locked until commit, so
 * two attempts with one card at two kiosks are counted one after the other.
 */
export async function lockPinFailures(db: Queryable, cardToken: string): Promise<{ locked: boolean }> {
  await db.query(
    'INSERT INTO kiosk_pin_failures (card_token) VALUES ($1) ON CONFLICT (card_token) DO NOTHING',
    [cardToken],
  );
  const { rows } = await db.query<{ locked: boolean }>(
    'SELECT locked_at IS NOT NULL AS locked FROM kiosk_pin_failures WHERE card_token = $1 FOR UPDATE',
    [cardToken],
  );
  return rows[0]!;
}

/** Counts a wrong PIN; returns whether the card is now locked (`maxFailures` reached). */
export async function countPinFailure(
  db: Queryable,
  cardToken: string,
  maxFailures: number,
): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>(
    `UPDATE kiosk_pin_failures
        SET failures = failures + 1, last_failed_at = now(),
            locked_at = CASE WHEN failures + 1 >= $2 THEN now() ELSE locked_at END
      WHERE card_token = $1
      RETURNING locked_at IS NOT NULL AS locked`,
    [cardToken, maxFailures],
  );
  return rows[0]?.locked ?? false;
}

export async function clearPinFailures(db: Queryable, cardToken: string): Promise<void> {
  await db.query('DELETE FROM kiosk_pin_failures WHERE card_token = $1', [cardToken]);
}

/** Unlocks (and clears the counts of) every card of a person; returns how many were locked. */
export async function unlockCardsOf(db: Queryable, residentId: string): Promise<number> {
  const { rows } = await db.query<{ locked: boolean }>(
    `DELETE FROM kiosk_pin_failures f USING cards c
      WHERE c.resident_id = $1 AND f.card_token = c.token
      RETURNING f.locked_at IS NOT NULL AS locked`,
    [residentId],
  );
  return rows.filter((row) => row.locked).length;
}

export interface KioskPersonRow {
  user_id: string | null;
  pin_set: boolean;
  locked: boolean;
  birth_date: string | null;
}

export async function kioskStatusOf(db: Queryable, residentId: string): Promise<KioskPersonRow | undefined> {
  const { rows } = await db.query<KioskPersonRow>(
    `SELECT u.id AS user_id, COALESCE(u.kiosk_pin_hash IS NOT NULL, false) AS pin_set,
            EXISTS (SELECT 1 FROM cards c JOIN kiosk_pin_failures f ON f.card_token = c.token
                     WHERE c.resident_id = r.id AND c.revoked_at IS NULL AND f.locked_at IS NOT NULL) AS locked,
            to_char(r.birth_date, 'YYYY-MM-DD') AS birth_date
       FROM residents r
       LEFT JOIN users u ON u.resident_id = r.id AND u.role = 'resident'
      WHERE r.id = $1`,
    [residentId],
  );
  return rows[0];
}

/** Sets (or, with null, removes) an account's PIN and ends its kiosk sessions; returns their id hashes. */
export async function setPinHash(db: Queryable, userId: string, pinHash: string | null): Promise<string[]> {
  await db.query('UPDATE users SET kiosk_pin_hash = $2 WHERE id = $1', [userId, pinHash]);
  const { rows } = await db.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE user_id = $1 AND kiosk_id IS NOT NULL RETURNING id_hash',
    [userId],
  );
  return rows.map((row) => row.id_hash);
}
