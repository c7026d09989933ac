import type { Queryable } from '../../db/database.js';
import type { ContactChannel, GoneReason } from '@contract/contacts/contacts.schema.js';

export interface ContactPointRow {
  id: string;
  resident_id: string;
  channel: ContactChannel;
  address: string;
  verified_at: Date | null;
  consent_at: Date | null;
  consent_version: string | null;
  withdrawn_at: Date | null;
  code_hash: Buffer | Uint8Array | null;
  code_sent_at: Date | null;
  code_expires_at: Date | null;
  code_attempts: number;
  gone_at: Date | null;
  gone_reason: GoneReason | null;
}

const COLUMNS = `id, resident_id, channel, address, verified_at, consent_at, consent_version, withdrawn_at,
  code_hash, code_sent_at, code_expires_at, code_attempts, gone_at, gone_reason`;

export async function listContactPoints(db: Queryable, residentId: string): Promise<ContactPointRow[]> {
  const { rows } = await db.query<ContactPointRow>(
    `SELECT ${COLUMNS} FROM contact_points WHERE resident_id = $1 ORDER BY channel`,
    [residentId],
  );
  return rows;
}

/** The row, locked for the rest of the transaction when `forUpdate` (code checks, changes). */
export async function findContactPoint(
  db: Queryable,
  residentId: string,
  channel: ContactChannel,
  forUpdate = false,
): Promise<ContactPointRow | undefined> {
  const { rows } = await db.query<ContactPointRow>(
    `SELECT ${COLUMNS} FROM contact_points WHERE resident_id = $1 AND channel = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [residentId, channel],
  );
  return rows[0];
}

/**
 * Sets the channel's address. A new address starts over: not verified, no longer marked gone, any
 * pending code dropped. Consent stays with the channel (it was given to warnings by e-mail or SMS).
 */
export async function upsertAddress(
  db: Queryable,
  residentId: string,
  channel: ContactChannel,
  address: string,
): Promise<ContactPointRow> {
  const { rows } = await db.query<ContactPointRow>(
    `INSERT INTO contact_points (resident_id, channel, address) VALUES ($1, $2, $3)
     ON CONFLICT (resident_id, channel) DO UPDATE SET
       address = EXCLUDED.address, verified_at = NULL, gone_at = NULL, gone_reason = NULL,
       code_hash = NULL, code_sent_at = NULL, code_expires_at = NULL, code_attempts = 0, updated_at = now()
     RETURNING ${COLUMNS}`,
    [residentId, channel, address],
  );
  return rows[0]!;
}

/** A new code replaces any pending one, with a fresh count of wrong tries. */
export async function storeCode(
  db: Queryable,
  id: string,
  codeHash: Buffer,
  expiresInSeconds: number,
): Promise<ContactPointRow> {
  const { rows } = await db.query<ContactPointRow>(
    `UPDATE contact_points SET code_hash = $2, code_sent_at = now(),
       code_expires_at = now() + make_interval(secs => $3), code_attempts = 0, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, codeHash, expiresInSeconds],
  );
  return rows[0]!;
}

/** A wrong code: one more try counted; at the limit the code is dropped and a new one is needed. */
export async function countWrongCode(db: Queryable, id: string, maxAttempts: number): Promise<void> {
  await db.query(
    `UPDATE contact_points SET code_attempts = code_attempts + 1,
       code_hash = CASE WHEN code_attempts + 1 >= $2 THEN NULL ELSE code_hash END,
       code_expires_at = CASE WHEN code_attempts + 1 >= $2 THEN NULL ELSE code_expires_at END,
       code_sent_at = CASE WHEN code_attempts + 1 >= $2 THEN NULL ELSE code_sent_at END,
       updated_at = now()
     WHERE id = $1`,
    [id, maxAttempts],
  );
}

export async function markVerified(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE contact_points SET verified_at = now(), gone_at = NULL, gone_reason = NULL,
       code_hash = NULL, code_sent_at = NULL, code_expires_at = NULL, code_attempts = 0, updated_at = now()
     WHERE id = $1`,
    [id],
  );
}

export async function giveConsent(db: Queryable, id: string, version: string): Promise<void> {
  await db.query(
    `UPDATE contact_points SET consent_at = now(), consent_version = $2, withdrawn_at = NULL, updated_at = now()
     WHERE id = $1`,
    [id, version],
  );
}

/** Withdrawing keeps when and what was agreed (the record) and stops every send. */
export async function withdrawConsent(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE contact_points SET withdrawn_at = now(), updated_at = now()
     WHERE id = $1 AND consent_at IS NOT NULL AND withdrawn_at IS NULL`,
    [id],
  );
}

export async function deleteContactPoint(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM contact_points WHERE id = $1', [id]);
}

/**
 * The provider said the address does not exist: no longer verified, with the reason shown to the
 * person. Without a reason, the channel's usual one (a mailbox unknown, a number invalid).
 */
export async function markGone(db: Queryable, id: string, reason: GoneReason | null): Promise<string | null> {
  const { rows } = await db.query<{ resident_id: string }>(
    `UPDATE contact_points SET verified_at = NULL, gone_at = now(),
       gone_reason = COALESCE($2, CASE channel WHEN 'email' THEN 'mailbox_unknown' ELSE 'number_invalid' END),
       code_hash = NULL, code_sent_at = NULL, code_expires_at = NULL, code_attempts = 0, updated_at = now()
     WHERE id = $1 RETURNING resident_id`,
    [id, reason],
  );
  return rows[0]?.resident_id ?? null;
}

export interface UsableAddressRow {
  id: string;
  resident_id: string;
  address: string;
}

/** Verified, consented and not withdrawn, for these residents (contact_points_usable_idx). */
export async function usableAddresses(
  db: Queryable,
  channel: ContactChannel,
  residentIds: readonly string[],
): Promise<UsableAddressRow[]> {
  const { rows } = await db.query<UsableAddressRow>(
    `SELECT id, resident_id, address FROM contact_points
     WHERE channel = $1 AND resident_id = ANY($2::uuid[])
       AND verified_at IS NOT NULL AND consent_at IS NOT NULL AND withdrawn_at IS NULL`,
    [channel, residentIds],
  );
  return rows;
}
