import type { Queryable } from '../../db/database.js';

export interface PersonForIssue {
  id: string;
  display_name: string;
  old_enough: boolean;
  user_id: string | null;
  user_role: string | null;
  disabled: boolean;
}

/** The registry person a code is issued for, whether they may hold an account, and theirs if any. */
export async function findPersonForIssue(
  db: Queryable,
  residentId: string,
  minAge: number,
): Promise<PersonForIssue | undefined> {
  const { rows } = await db.query<PersonForIssue>(
    `SELECT r.id, r.family_name || ' ' || r.given_name AS display_name,
            r.birth_date <= (current_date - make_interval(years => $2::int))::date AS old_enough,
            u.id AS user_id, u.role AS user_role, (u.disabled_at IS NOT NULL) AS disabled
       FROM residents r LEFT JOIN users u ON u.resident_id = r.id
      WHERE r.id = $1`,
    [residentId, minAge],
  );
  return rows[0];
}

export async function shelterExists(db: Queryable, shelterId: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM shelters WHERE id = $1) AS found',
    [shelterId],
  );
  return rows[0]?.found ?? false;
}

/** Revokes the person's open code, if any (issuing a new one replaces it). Returns its id. */
export async function revokeOpenCode(
  db: Queryable,
  residentId: string,
  revokedBy: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE enrolment_codes SET revoked_at = now(), revoked_by = $2
      WHERE resident_id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
    [residentId, revokedBy],
  );
  return rows[0]?.id;
}

export async function insertCode(
  db: Queryable,
  code: {
    residentId: string;
    codeHash: string;
    purpose: 'enrol' | 'recovery';
    /** Null for codes made by the system itself (the demo). */
    issuedBy: string | null;
    shelterId: string | null;
    validDays: number;
  },
): Promise<{ id: string; expires_at: Date }> {
  const { rows } = await db.query<{ id: string; expires_at: Date }>(
    `INSERT INTO enrolment_codes (resident_id, code_hash, purpose, issued_by, issued_at_shelter, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6::int))
     RETURNING id, expires_at`,
    [code.residentId, code.codeHash, code.purpose, code.issuedBy, code.shelterId, code.validDays],
  );
  return rows[0]!;
}

export interface OpenCodeRow {
  id: string;
  purpose: 'enrol' | 'recovery';
  issued_at: Date;
  expires_at: Date;
}

/** The person's open code (issued, not used, not revoked; it may have expired). */
export async function findOpenCode(db: Queryable, residentId: string): Promise<OpenCodeRow | undefined> {
  const { rows } = await db.query<OpenCodeRow>(
    `SELECT id, purpose, issued_at, expires_at FROM enrolment_codes
      WHERE resident_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
    [residentId],
  );
  return rows[0];
}

export async function hasAccount(db: Queryable, residentId: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM users WHERE resident_id = $1) AS found',
    [residentId],
  );
  return rows[0]?.found ?? false;
}

/** Revokes one open code; returns the person it was for, or nothing when it was not open. */
export async function revokeCode(
  db: Queryable,
  codeId: string,
  revokedBy: string,
): Promise<{ resident_id: string } | undefined> {
  const { rows } = await db.query<{ resident_id: string }>(
    `UPDATE enrolment_codes SET revoked_at = now(), revoked_by = $2
      WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING resident_id`,
    [codeId, revokedBy],
  );
  return rows[0];
}

export interface ClaimableCode {
  id: string;
  resident_id: string;
  purpose: 'enrol' | 'recovery';
  display_name: string;
  /** The person's account, when a recovery code is claimed. */
  user_id: string | null;
  username: string | null;
}

/**
 * The code behind `codeHash` if it may be claimed now with this birth date: issued, not used, not
 * revoked, not expired, the birth date is the person's, the person is old enough, and either has
 * no account or the code is a recovery code for their active resident account. Anything else is
 * no row at all, so every reason looks the same to the caller. `lock` holds the code until commit
 * (a second claim of it waits, then finds it used).
 */
export async function findClaimableCode(
  db: Queryable,
  claim: { codeHash: string; birthDate: string; minAge: number; lock: boolean },
): Promise<ClaimableCode | undefined> {
  const { rows } = await db.query<ClaimableCode>(
    `SELECT c.id, c.resident_id, c.purpose, r.family_name || ' ' || r.given_name AS display_name,
            u.id AS user_id, u.username
       FROM enrolment_codes c
       JOIN residents r ON r.id = c.resident_id
       LEFT JOIN users u ON u.resident_id = c.resident_id
      WHERE c.code_hash = $1
        AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()
        AND r.birth_date = $2::date
        AND r.birth_date <= (current_date - make_interval(years => $3::int))::date
        AND (u.id IS NULL OR (c.purpose = 'recovery' AND u.role = 'resident' AND u.disabled_at IS NULL))
      ${claim.lock ? 'FOR UPDATE OF c' : ''}`,
    [claim.codeHash, claim.birthDate, claim.minAge],
  );
  return rows[0];
}

/**
 * Counts a wrong birth date against an open code (committed on its own, whatever the claim does
 * next) and revokes the code when it reaches `max`. A code that does not exist counts nothing.
 */
export async function countWrongBirthDate(
  db: Queryable,
  claim: { codeHash: string; birthDate: string; max: number },
): Promise<void> {
  await db.query(
    `UPDATE enrolment_codes c
        SET wrong_birth_dates = c.wrong_birth_dates + 1,
            revoked_at = CASE WHEN c.wrong_birth_dates + 1 >= $3 THEN now() END,
            revoked_reason = CASE WHEN c.wrong_birth_dates + 1 >= $3 THEN 'wrong_birth_dates' END
       FROM residents r
      WHERE c.code_hash = $1 AND r.id = c.resident_id AND r.birth_date <> $2::date
        AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()`,
    [claim.codeHash, claim.birthDate, claim.max],
  );
}

export async function markCodeUsed(db: Queryable, codeId: string, userId: string): Promise<void> {
  await db.query('UPDATE enrolment_codes SET used_at = now(), used_by = $2 WHERE id = $1', [codeId, userId]);
}

/**
 * A recovery replaces every credential the account had: a lost or stolen phone's passkey and a
 * password someone else may know stop working. Returns the ended sessions' id hashes.
 */
export async function resetCredentials(db: Queryable, userId: string): Promise<string[]> {
  // The kiosk PIN too: a recovery is for someone whose ways in may be known to someone else.
  await db.query('UPDATE users SET password_hash = NULL, kiosk_pin_hash = NULL WHERE id = $1', [userId]);
  await db.query('DELETE FROM passkeys WHERE user_id = $1', [userId]);
  const { rows } = await db.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE user_id = $1 RETURNING id_hash',
    [userId],
  );
  return rows.map((row) => row.id_hash);
}

export async function setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}

/** The account's own entry in the person's inbox; returns its position. */
export async function insertAccountEntry(
  db: Queryable,
  residentId: string,
  event: 'enrolled' | 'recovered',
): Promise<number> {
  const { rows } = await db.query<{ position: string }>(
    `INSERT INTO inbox_items (resident_id, kind, account_event) VALUES ($1, 'account', $2) RETURNING id AS position`,
    [residentId, event],
  );
  return Number(rows[0]!.position);
}
