import type { Queryable } from '../../db/database.js';
import type { UserRole } from './auth.types.js';

export interface UserRow {
  id: string;
  username: string;
  password_hash: string | null;
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
  id_hash: string;
  user_id: string;
  username: string;
  display_name: string;
  role: UserRole;
  resident_id: string | null;
  csrf_token: string;
  shelter_ids: string[];
  /** The kiosk a kiosk session was opened at; null for every other session. */
  kiosk_id: string | null;
}

/**
 * A session's idle limit as an SQL interval: its own (a kiosk session's short one) or the
 * installation's `idleMinutes` (an SQL integer expression).
 */
const sessionIdle = (alias: string, idleMinutes: string) =>
  `COALESCE(make_interval(secs => ${alias}.idle_seconds), make_interval(mins => ${idleMinutes}))`;

/**
 * The live sessions among `idHashes` (an SQL array expression) and their accounts, as CTEs ending
 * in `signed_in`; also slides their idle expiry. The slide is a write (a WAL flush at commit)
 * and would otherwise come with every request: it is done at most once per tenth of the idle
 * timeout (and at most once a minute) per session, so most requests only read, and a session in
 * use is always slid well before it would expire, however short the timeout. An idle session may
 * end up to that tenth (at most a minute) early. A session another
 * transaction holds (being slid or ended) is not waited for but left to it (SKIP LOCKED), so two
 * lookups never wait on each other here. `idleMinutes` is an SQL integer expression. Shared by
 * every statement that resolves sessions, so the rules are written once.
 */
export const sessionUsersCte = (idHashes: string, idleMinutes: string) => `
  live AS (
    SELECT s.id_hash, s.user_id, s.csrf_token, s.last_seen_at, s.kiosk_id,
           ${sessionIdle('s', idleMinutes)} AS idle
      FROM sessions s
     WHERE s.id_hash = ANY(${idHashes})
       AND s.expires_at > now()
       AND s.last_seen_at > now() - ${sessionIdle('s', idleMinutes)}
  ), due AS (
    SELECT s.id_hash FROM sessions s
     WHERE s.id_hash IN (
             SELECT id_hash FROM live
              WHERE last_seen_at < now() - LEAST(interval '1 minute', idle / 10))
       FOR UPDATE SKIP LOCKED
  ), slid AS (
    UPDATE sessions s SET last_seen_at = now() FROM due WHERE s.id_hash = due.id_hash
  ), signed_in AS (
    SELECT live.id_hash, u.id AS user_id, u.username, u.display_name, u.role, u.resident_id, live.csrf_token,
           live.kiosk_id
      FROM live JOIN users u ON u.id = live.user_id
     WHERE u.disabled_at IS NULL
  )`;

/**
 * Looks up live sessions (any number: the requests that arrived together) in one statement, see
 * `sessionUsersCte`. Returns the live sessions of active accounts, keyed by id hash.
 *
 * The ids are read through a sub-select, which the planner cannot see into, so one generic plan
 * serves every number of ids; with the array visible PostgreSQL planned each execution anew
 * (measured: ≈ 0.12 ms of planning against ≈ 0.03 ms for the lookup itself).
 */
export async function touchSessions(
  db: Queryable,
  idHashes: readonly string[],
  idleMinutes: number,
): Promise<Map<string, SessionRow>> {
  const { rows } = await db.query<SessionRow>(
    `WITH ${sessionUsersCte('(SELECT $1::text[])::text[]', '$2::int')}
     SELECT su.*,
            COALESCE(ARRAY(SELECT ss.shelter_id::text FROM staff_shelters ss WHERE ss.user_id = su.user_id ORDER BY 1), '{}') AS shelter_ids
       FROM signed_in su`,
    [idHashes, idleMinutes],
  );
  return new Map(rows.map((row) => [row.id_hash, row]));
}

/**
 * How long each of these sessions has left (ms) before it ends by itself, idle or absolute,
 * whichever comes first; sessions that ended (or whose account is disabled) are missing. Unlike
 * `touchSessions` this never slides the idle expiry: a socket that only listens does not keep a
 * session alive. The time left is computed on the database's clock.
 */
export async function sessionTimeLeft(
  db: Queryable,
  idHashes: readonly string[],
  idleMinutes: number,
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id_hash: string; left_ms: number }>(
    `SELECT s.id_hash,
            (EXTRACT(EPOCH FROM LEAST(s.expires_at, s.last_seen_at + ${sessionIdle('s', '$2::int')}) - now()) * 1000)::float8 AS left_ms
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = ANY($1::text[])
        AND s.expires_at > now()
        AND s.last_seen_at > now() - ${sessionIdle('s', '$2::int')}
        AND u.disabled_at IS NULL`,
    [idHashes, idleMinutes],
  );
  return new Map(rows.map((row) => [row.id_hash, Number(row.left_ms)]));
}

export async function insertSession(
  db: Queryable,
  session: {
    idHash: string;
    userId: string;
    csrfToken: string;
    maxHours: number;
    /** A kiosk session: the kiosk, and its own idle limit. */
    kiosk?: { kioskId: string; idleSeconds: number };
  },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, kiosk_id, idle_seconds)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4::int), $5, $6)`,
    [
      session.idHash,
      session.userId,
      session.csrfToken,
      session.maxHours,
      session.kiosk?.kioskId ?? null,
      session.kiosk?.idleSeconds ?? null,
    ],
  );
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
}

export async function deleteExpiredSessions(db: Queryable, idleMinutes: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM sessions s WHERE s.expires_at <= now() OR s.last_seen_at <= now() - ${sessionIdle('s', '$1::int')}`,
    [idleMinutes],
  );
  return rowCount;
}

export async function insertUser(
  db: Queryable,
  user: {
    username: string;
    /** Null for an account that signs in with passkeys only. */
    passwordHash: string | null;
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
