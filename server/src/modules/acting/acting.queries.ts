import type { Queryable } from '../../db/database.js';
import type { ConsentKind } from '@contract/acting/acting.schema.js';

export interface ActingSessionRow {
  id: string;
  staff_user_id: string;
  resident_id: string;
  shelter_id: string | null;
  consent: ConsentKind;
  reason: string;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  family_name: string;
  given_name: string;
}

const COLUMNS = `s.id, s.staff_user_id, s.resident_id, s.shelter_id, s.consent, s.reason, s.started_at, s.expires_at,
  s.ended_at, r.family_name, r.given_name`;

export interface PersonForActing {
  id: string;
  /** Where the person is now (NULL when not at a shelter). */
  shelter_id: string | null;
}

export async function findPersonForActing(
  db: Queryable,
  residentId: string,
): Promise<PersonForActing | undefined> {
  const { rows } = await db.query<PersonForActing>(
    `SELECT r.id, CASE WHEN w.place = 'shelter' THEN w.shelter_id END AS shelter_id
       FROM residents r LEFT JOIN whereabouts_current w ON w.resident_id = r.id
      WHERE r.id = $1`,
    [residentId],
  );
  return rows[0];
}

/** Serialises one staff member's session starts, so two at once cannot both stay open. */
export async function lockStaffUser(db: Queryable, staffUserId: string): Promise<void> {
  await db.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [staffUserId]);
}

/**
 * Ends the staff member's open session (one person at a time), as of now or as of its expiry if
 * that came first; returns the ended sessions' people for their access logs.
 */
export async function endOpenSessionsOf(
  db: Queryable,
  staffUserId: string,
): Promise<{ id: string; resident_id: string; reason: string; expired: boolean }[]> {
  const { rows } = await db.query<{ id: string; resident_id: string; reason: string; expired: boolean }>(
    `UPDATE acting_sessions SET ended_at = least(now(), expires_at)
      WHERE staff_user_id = $1 AND ended_at IS NULL
      RETURNING id, resident_id, reason, expires_at <= now() AS expired`,
    [staffUserId],
  );
  return rows;
}

export async function insertActingSession(
  db: Queryable,
  input: {
    staffUserId: string;
    residentId: string;
    shelterId: string | null;
    consent: ConsentKind;
    reason: string;
    minutes: number;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO acting_sessions (staff_user_id, resident_id, shelter_id, consent, reason, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6)) RETURNING id`,
    [input.staffUserId, input.residentId, input.shelterId, input.consent, input.reason, input.minutes],
  );
  return rows[0]!.id;
}

export async function findActingSession(
  db: Queryable,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ActingSessionRow | undefined> {
  const { rows } = await db.query<ActingSessionRow>(
    `SELECT ${COLUMNS} FROM acting_sessions s JOIN residents r ON r.id = s.resident_id
      WHERE s.id = $1 ${options.lock ? 'FOR UPDATE OF s' : ''}`,
    [id],
  );
  return rows[0];
}

/** The staff member's session still open (not ended, not expired), if any. */
export async function findOpenSessionOf(
  db: Queryable,
  staffUserId: string,
): Promise<ActingSessionRow | undefined> {
  const { rows } = await db.query<ActingSessionRow>(
    `SELECT ${COLUMNS} FROM acting_sessions s JOIN residents r ON r.id = s.resident_id
      WHERE s.staff_user_id = $1 AND s.ended_at IS NULL AND s.expires_at > now()`,
    [staffUserId],
  );
  return rows[0];
}

export async function endActingSession(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE acting_sessions SET ended_at = least(now(), expires_at) WHERE id = $1`, [id]);
}
