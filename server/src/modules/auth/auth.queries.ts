import type { Queryable } from '../../db/database.js';
import type { UserRole } from './auth.types.js';

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: UserRole;
  resident_id: string | null;
  disabled_at: Date | null;
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `SELECT id, username, password_hash, display_name, role, resident_id, disabled_at
       FROM users WHERE username = $1`,
    [username],
  );
  return rows[0];
}

export interface SessionRow {
  user_id: string;
  username: string;
  display_name: string;
  role: UserRole;
  resident_id: string | null;
  csrf_token: string;
  shelter_ids: string[];
}

/**
 * Looks up a live session and slides its idle expiry, in one statement. The slide is a write (a
 * WAL flush at commit) and would otherwise come with every request: it is done at most once a
 * minute per session, so most requests only read. An idle session may end up to a minute early.
 */
export async function touchSession(
  db: Queryable,
  idHash: string,
  idleMinutes: number,
): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `WITH live AS (
       SELECT s.id_hash, s.user_id, s.csrf_token, s.last_seen_at
         FROM sessions s
        WHERE s.id_hash = $1
          AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2::int)
     ), slid AS (
       UPDATE sessions s SET last_seen_at = now()
         FROM live
        WHERE s.id_hash = live.id_hash AND live.last_seen_at < now() - interval '1 minute'
     )
     SELECT u.id AS user_id, u.username, u.display_name, u.role, u.resident_id, live.csrf_token,
            COALESCE(ARRAY(SELECT ss.shelter_id::text FROM staff_shelters ss WHERE ss.user_id = u.id ORDER BY 1), '{}') AS shelter_ids
       FROM live JOIN users u ON u.id = live.user_id
      WHERE u.disabled_at IS NULL`,
    [idHash, idleMinutes],
  );
  return rows[0];
}

export async function insertSession(
  db: Queryable,
  session: { idHash: string; userId: string; csrfToken: string; maxHours: number },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4::int))`,
    [session.idHash, session.userId, session.csrfToken, session.maxHours],
  );
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
}

export async function deleteExpiredSessions(db: Queryable, idleMinutes: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1::int)`,
    [idleMinutes],
  );
  return rowCount;
}

export async function insertUser(
  db: Queryable,
  user: {
    username: string;
    passwordHash: string;
    displayName: string;
    role: UserRole;
    residentId?: string | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (username, password_hash, display_name, role, resident_id)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [user.username, user.passwordHash, user.displayName, user.role, user.residentId ?? null],
  );
  return rows[0]!.id;
}

export async function assignStaffShelters(
  db: Queryable,
  userId: string,
  shelterIds: readonly string[],
): Promise<void> {
  if (shelterIds.length === 0) return;
  await db.query(
    `INSERT INTO staff_shelters (user_id, shelter_id)
     SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [userId, shelterIds],
  );
}
