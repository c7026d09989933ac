import type { Queryable } from '../../db/database.js';

export interface KioskRow {
  id: string;
  shelter_id: string;
  shelter_name: string;
  name: string;
  revoked_at: Date | null;
  created_at: Date;
  key_rotated_at: Date;
  last_seen_at: Date | null;
}

const SELECT_KIOSK = `
  SELECT k.id, k.shelter_id, s.name AS shelter_name, k.name, k.revoked_at, k.created_at,
         k.key_rotated_at, k.last_seen_at
    FROM kiosks k JOIN shelters s ON s.id = k.shelter_id`;

export async function insertKiosk(
  db: Queryable,
  kiosk: { shelterId: string; name: string; keyHash: string; createdBy: string },
): Promise<KioskRow> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO kiosks (shelter_id, name, key_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [kiosk.shelterId, kiosk.name, kiosk.keyHash, kiosk.createdBy],
  );
  return (await findKiosk(db, rows[0]!.id))!;
}

export async function findKiosk(db: Queryable, id: string): Promise<KioskRow | undefined> {
  const { rows } = await db.query<KioskRow>(`${SELECT_KIOSK} WHERE k.id = $1`, [id]);
  return rows[0];
}

/** The kiosk a current key belongs to, marked as seen; undefined once the key is rotated or revoked. */
export async function touchActiveKioskByKeyHash(
  db: Queryable,
  keyHash: string,
): Promise<KioskRow | undefined> {
  const { rows } = await db.query<KioskRow>(
    `WITH seen AS (
       UPDATE kiosks SET last_seen_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id
     )
     ${SELECT_KIOSK} JOIN seen ON seen.id = k.id`,
    [keyHash],
  );
  return rows[0];
}

export async function listKiosks(db: Queryable, shelterId: string): Promise<KioskRow[]> {
  const { rows } = await db.query<KioskRow>(`${SELECT_KIOSK} WHERE k.shelter_id = $1 ORDER BY k.created_at`, [
    shelterId,
  ]);
  return rows;
}

export async function rotateKioskKey(db: Queryable, id: string, keyHash: string): Promise<void> {
  await db.query(`UPDATE kiosks SET key_hash = $2, key_rotated_at = now() WHERE id = $1`, [id, keyHash]);
}

export async function revokeKiosk(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE kiosks SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [id]);
}

/** Ends every session opened at this kiosk; returns their id hashes (their sockets end with them). */
export async function deleteKioskSessions(db: Queryable, kioskId: string): Promise<string[]> {
  const { rows } = await db.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE kiosk_id = $1 RETURNING id_hash',
    [kioskId],
  );
  return rows.map((row) => row.id_hash);
}
