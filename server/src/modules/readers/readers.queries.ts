import type { Queryable } from '../../db/database.js';

export interface ReaderRow {
  id: string;
  shelter_id: string;
  shelter_name: string;
  name: string;
  mode: 'toggle' | 'in' | 'out';
  revoked_at: Date | null;
  created_at: Date;
  key_rotated_at: Date;
  last_seen_at: Date | null;
}

const SELECT_READER = `
  SELECT r.id, r.shelter_id, s.name AS shelter_name, r.name, r.mode, r.revoked_at, r.created_at,
         r.key_rotated_at, r.last_seen_at
    FROM readers r JOIN shelters s ON s.id = r.shelter_id`;

export async function insertReader(
  db: Queryable,
  reader: { shelterId: string; name: string; mode: string; keyHash: string; createdBy: string },
): Promise<ReaderRow> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO readers (shelter_id, name, mode, key_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [reader.shelterId, reader.name, reader.mode, reader.keyHash, reader.createdBy],
  );
  return (await findReader(db, rows[0]!.id))!;
}

export async function findReader(db: Queryable, id: string): Promise<ReaderRow | undefined> {
  const { rows } = await db.query<ReaderRow>(`${SELECT_READER} WHERE r.id = $1`, [id]);
  return rows[0];
}

export async function findActiveReaderByKeyHash(
  db: Queryable,
  keyHash: string,
): Promise<ReaderRow | undefined> {
  const { rows } = await db.query<ReaderRow>(
    `${SELECT_READER} WHERE r.key_hash = $1 AND r.revoked_at IS NULL`,
    [keyHash],
  );
  return rows[0];
}

export async function listReaders(db: Queryable, shelterId: string): Promise<ReaderRow[]> {
  const { rows } = await db.query<ReaderRow>(
    `${SELECT_READER} WHERE r.shelter_id = $1 ORDER BY r.created_at`,
    [shelterId],
  );
  return rows;
}

export async function updateReader(
  db: Queryable,
  id: string,
  change: { name?: string; mode?: string; shelterId?: string; keyHash?: string; revoke?: boolean },
): Promise<ReaderRow | undefined> {
  const { rowCount } = await db.query(
    `UPDATE readers SET
        name = COALESCE($2, name),
        mode = COALESCE($3, mode),
        shelter_id = COALESCE($4, shelter_id),
        key_hash = COALESCE($5, key_hash),
        key_rotated_at = CASE WHEN $5::text IS NULL THEN key_rotated_at ELSE now() END,
        revoked_at = CASE WHEN $6 THEN COALESCE(revoked_at, now()) ELSE revoked_at END
      WHERE id = $1`,
    [
      id,
      change.name ?? null,
      change.mode ?? null,
      change.shelterId ?? null,
      change.keyHash ?? null,
      change.revoke ?? false,
    ],
  );
  return rowCount === 1 ? findReader(db, id) : undefined;
}

export async function touchReader(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE readers SET last_seen_at = now() WHERE id = $1', [id]);
}
