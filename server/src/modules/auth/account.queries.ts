import type { Queryable } from '../../db/database.js';

export async function findPasswordHash(db: Queryable, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ password_hash: string }>(
    'SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL',
    [userId],
  );
  return rows[0]?.password_hash;
}

export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}

/** Ends every session of a user but `keepIdHash` (none kept when it is null). */
/** Deletes the user's sessions (all, or all but one) and returns the id hashes of those ended. */
export async function deleteSessionsOfUser(
  db: Queryable,
  userId: string,
  keepIdHash: string | null,
): Promise<string[]> {
  const { rows } = await db.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2::text) RETURNING id_hash',
    [userId, keepIdHash],
  );
  return rows.map((row) => row.id_hash);
}
