import type { Queryable } from '../../db/database.js';

/** How long a ceremony may take between its options and its answer. */
export const CHALLENGE_MINUTES = 5;

export type ChallengePurpose = 'enrol' | 'sign_in' | 'add_passkey';

/** Keeps a challenge until it is answered or expires; expired ones are cleared on the way. */
export async function insertChallenge(
  db: Queryable,
  challenge: { value: string; purpose: ChallengePurpose; codeId?: string; userId?: string },
): Promise<void> {
  await db.query('DELETE FROM webauthn_challenges WHERE expires_at <= now()');
  await db.query(
    `INSERT INTO webauthn_challenges (challenge, purpose, enrolment_code_id, user_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5::int))`,
    [
      challenge.value,
      challenge.purpose,
      challenge.codeId ?? null,
      challenge.userId ?? null,
      CHALLENGE_MINUTES,
    ],
  );
}

/**
 * Takes the challenge if it was handed out for this purpose (and this code or user) and has not
 * expired: deleted in the same statement, so a replayed answer finds nothing.
 */
export async function takeChallenge(
  db: Queryable,
  challenge: { value: string; purpose: ChallengePurpose; codeId?: string; userId?: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `DELETE FROM webauthn_challenges
      WHERE challenge = $1 AND purpose = $2 AND expires_at > now()
        AND enrolment_code_id IS NOT DISTINCT FROM $3::uuid AND user_id IS NOT DISTINCT FROM $4::uuid`,
    [challenge.value, challenge.purpose, challenge.codeId ?? null, challenge.userId ?? null],
  );
  return rowCount === 1;
}

export interface PasskeyRow {
  credential_id: string;
  user_id: string;
  public_key: string;
  sign_count: string;
  transports: string[];
  backed_up: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

export async function insertPasskey(
  db: Queryable,
  passkey: {
    credentialId: string;
    userId: string;
    publicKey: string;
    signCount: number;
    transports: readonly string[];
    backedUp: boolean;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO passkeys (credential_id, user_id, public_key, sign_count, transports, backed_up)
     VALUES ($1, $2, $3, $4, $5::text[], $6)`,
    [
      passkey.credentialId,
      passkey.userId,
      passkey.publicKey,
      passkey.signCount,
      passkey.transports,
      passkey.backedUp,
    ],
  );
}

/** A passkey of an active account, by the credential id the browser answered with. */
export async function findActivePasskey(
  db: Queryable,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  const { rows } = await db.query<PasskeyRow>(
    `SELECT p.* FROM passkeys p JOIN users u ON u.id = p.user_id
      WHERE p.credential_id = $1 AND u.disabled_at IS NULL`,
    [credentialId],
  );
  return rows[0];
}

export async function markPasskeyUsed(db: Queryable, credentialId: string, signCount: number): Promise<void> {
  await db.query('UPDATE passkeys SET sign_count = $2, last_used_at = now() WHERE credential_id = $1', [
    credentialId,
    signCount,
  ]);
}

export async function listPasskeys(db: Queryable, userId: string): Promise<PasskeyRow[]> {
  const { rows } = await db.query<PasskeyRow>(
    'SELECT * FROM passkeys WHERE user_id = $1 ORDER BY created_at, credential_id',
    [userId],
  );
  return rows;
}

/**
 * Removes one passkey of the account, unless it is the account's last way in (no other passkey
 * and no password): then nothing is removed and the answer says why.
 */
export async function deletePasskey(
  db: Queryable,
  userId: string,
  credentialId: string,
): Promise<'deleted' | 'not_found' | 'last_credential'> {
  const { rows } = await db.query<{ outcome: 'deleted' | 'not_found' | 'last_credential' }>(
    `WITH target AS (
       SELECT p.credential_id FROM passkeys p WHERE p.user_id = $1 AND p.credential_id = $2
     ), others AS (
       SELECT (SELECT count(*) FROM passkeys WHERE user_id = $1 AND credential_id <> $2) > 0
              OR (SELECT password_hash IS NOT NULL FROM users WHERE id = $1) AS remain
     ), removed AS (
       DELETE FROM passkeys p USING target, others
        WHERE p.credential_id = target.credential_id AND others.remain
       RETURNING p.credential_id
     )
     SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM target) THEN 'not_found'
                 WHEN EXISTS (SELECT 1 FROM removed) THEN 'deleted'
                 ELSE 'last_credential' END AS outcome`,
    [userId, credentialId],
  );
  return rows[0]!.outcome;
}
