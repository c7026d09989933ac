import type { Queryable } from '../../db/database.js';
import type { ChannelName } from './channel.types.js';
import { entryOf, HAS_READ, type MessageKind } from './deliveries.queries.js';

/** Queued rows of the batch whose person read or answered meanwhile: they are not sent. */
export async function cancelReadInBatch(
  db: Queryable,
  kind: MessageKind,
  messageId: string,
  ids: readonly string[],
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE deliveries d SET status = 'cancelled', cancelled_at = now()
      WHERE d.id = ANY ($2::bigint[]) AND d.status = 'queued'
        AND EXISTS (SELECT 1 FROM inbox_items x WHERE ${entryOf(kind)} AND x.resident_id = d.resident_id AND ${HAS_READ})`,
    [messageId, ids],
  );
  return rowCount;
}

export interface ClaimedSend {
  id: string;
  resident_id: string;
  channel: ChannelName | 'relay';
  /** Who gets it: the person, or for a relay the designee. */
  recipient_id: string;
  /** The channel it leaves by (the row's, or a relay's via). */
  carrier: ChannelName;
  step: number;
  attempts: number;
  language: string;
}

/**
 * Marks queued rows `sending` (committed before any provider is called), re-checking right then
 * that their person has not read or answered. Only rows still queued are taken, so two workers
 * on one batch never both send a row.
 */
export async function claimSends(
  db: Queryable,
  kind: MessageKind,
  messageId: string,
  ids: readonly string[],
): Promise<ClaimedSend[]> {
  const { rows } = await db.query<ClaimedSend>(
    `WITH claimed AS (
       UPDATE deliveries d SET status = 'sending', sending_at = now(), attempts = d.attempts + 1
        WHERE d.id = ANY ($2::bigint[]) AND d.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM inbox_items x
                           WHERE ${entryOf(kind)} AND x.resident_id = d.resident_id AND ${HAS_READ})
       RETURNING d.id, d.resident_id, d.channel, d.relay_to, d.via, d.step, d.attempts
     )
     SELECT c.id::text, c.resident_id::text, c.channel, COALESCE(c.relay_to, c.resident_id)::text AS recipient_id,
            COALESCE(c.via, c.channel) AS carrier, c.step, c.attempts, r.language
       FROM claimed c JOIN residents r ON r.id = COALESCE(c.relay_to, c.resident_id)`,
    [messageId, ids],
  );
  return rows;
}

export interface PushSubscriptionRow {
  id: string;
  resident_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export async function pushSubscriptionsOf(
  db: Queryable,
  residentIds: readonly string[],
): Promise<PushSubscriptionRow[]> {
  if (residentIds.length === 0) return [];
  const { rows } = await db.query<PushSubscriptionRow>(
    `SELECT p.id::text, u.resident_id::text, p.endpoint, p.p256dh, p.auth
       FROM users u JOIN push_subscriptions p ON p.user_id = u.id
      WHERE u.resident_id = ANY ($1::uuid[]) AND u.disabled_at IS NULL`,
    [residentIds],
  );
  return rows;
}

export interface ContactRow {
  id: string;
  resident_id: string;
  channel: 'email' | 'sms';
  address: string;
}

export async function usableContactsOf(db: Queryable, residentIds: readonly string[]): Promise<ContactRow[]> {
  if (residentIds.length === 0) return [];
  const { rows } = await db.query<ContactRow>(
    `SELECT id::text, resident_id::text, channel, address FROM contact_points
      WHERE resident_id = ANY ($1::uuid[]) AND verified_at IS NOT NULL AND consent_at IS NOT NULL
        AND withdrawn_at IS NULL`,
    [residentIds],
  );
  return rows;
}

/** The outcome of one claimed send. */
export interface SendOutcome {
  id: string;
  status: 'sent' | 'delivered' | 'failed' | 'queued';
  providerRef: string | null;
  errorId: string | null;
}

/** Writes the outcomes of sends (only rows still `sending`: a receipt may have come first). */
export async function recordOutcomes(db: Queryable, outcomes: readonly SendOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `UPDATE deliveries d
        SET status = o.status,
            provider_ref = COALESCE(o.provider_ref, d.provider_ref),
            error_id = o.error_id,
            sent_at = CASE WHEN o.status IN ('sent', 'delivered') THEN now() ELSE d.sent_at END,
            delivered_at = CASE WHEN o.status = 'delivered' THEN now() ELSE d.delivered_at END,
            failed_at = CASE WHEN o.status = 'failed' THEN now() ELSE d.failed_at END
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS o (id, status, provider_ref, error_id)
      WHERE d.id = o.id AND d.status = 'sending'`,
    [
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.providerRef),
      outcomes.map((o) => o.errorId),
    ],
  );
}

/** A push subscription the push service says is gone (404/410): removed, never used again. */
export async function removePushSubscriptions(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('DELETE FROM push_subscriptions WHERE id = ANY ($1::uuid[])', [ids]);
}

/** An address the provider says does not exist: it must be verified again before any use. */
export async function unverifyContacts(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    'UPDATE contact_points SET verified_at = NULL, updated_at = now() WHERE id = ANY ($1::uuid[])',
    [ids],
  );
}

/** Push subscription bookkeeping: successes reset the failure count. */
export async function notePushResults(
  db: Queryable,
  succeeded: readonly string[],
  failed: readonly string[],
): Promise<void> {
  if (succeeded.length > 0) {
    await db.query(
      'UPDATE push_subscriptions SET last_success_at = now(), failures = 0 WHERE id = ANY ($1::uuid[])',
      [succeeded],
    );
  }
  if (failed.length > 0) {
    await db.query('UPDATE push_subscriptions SET failures = failures + 1 WHERE id = ANY ($1::uuid[])', [
      failed,
    ]);
  }
}

export interface MessageTexts {
  language: string;
  title: string;
}

/** Titles of the message per language (headline or event of each info; a notice's titles). */
export async function messageTitles(
  db: Queryable,
  kind: MessageKind,
  messageId: string,
): Promise<MessageTexts[]> {
  const { rows } = await db.query<MessageTexts>(
    kind === 'alert'
      ? `SELECT language, COALESCE(headline, event) AS title FROM alert_infos WHERE alert_id = $1 ORDER BY position`
      : `SELECT language, title FROM notice_texts WHERE notice_id = $1`,
    [messageId],
  );
  return rows;
}

export interface ReceiptMatch {
  message_kind: MessageKind;
  message_id: string;
  resident_id: string;
  channel: string;
  step: number;
}

/**
 * The row a receipt is about, on the channel that carried it: named by the provider's id of the
 * send (SMPP deliver_sm, a bounce), or by the delivery's own id (a push the service worker showed,
 * whose signed token the caller has checked).
 */
export type ReceiptTarget = { channel: ChannelName } & ({ providerRef: string } | { deliveryId: string });

/**
 * A receipt: delivered, or failed after it was taken. Only rows sent (or sending) change, so a
 * receipt that comes again changes nothing and is counted once.
 */
export async function applyReceipt(
  db: Queryable,
  target: ReceiptTarget,
  status: 'delivered' | 'failed',
  errorId: string | null,
  at: Date,
): Promise<ReceiptMatch[]> {
  const byProvider = 'providerRef' in target;
  const { rows } = await db.query<ReceiptMatch>(
    `UPDATE deliveries d
        SET status = $3,
            -- A receipt that overtook the send's own answer: delivered means it went out.
            sent_at = CASE WHEN $3 = 'delivered' THEN COALESCE(d.sent_at, $5) ELSE d.sent_at END,
            delivered_at = CASE WHEN $3 = 'delivered' THEN $5 ELSE d.delivered_at END,
            failed_at = CASE WHEN $3 = 'failed' THEN $5 ELSE d.failed_at END,
            error_id = CASE WHEN $3 = 'failed' THEN COALESCE($4, 'undeliverable') ELSE d.error_id END
      WHERE ${byProvider ? 'd.provider_ref = $2' : 'd.id = $2::bigint'}
        AND COALESCE(d.via, d.channel) = $1 AND d.status IN ('sending', 'sent')
      RETURNING d.message_kind, d.message_id::text, d.resident_id::text, d.channel, d.step`,
    [target.channel, byProvider ? target.providerRef : target.deliveryId, status, errorId, at],
  );
  return rows;
}
