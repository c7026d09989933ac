import type { Queryable } from '../../db/database.js';
import type { ChannelName } from './channel.types.js';

export type MessageKind = 'alert' | 'notice';

/** The message a step or batch works for, as escalation needs it. */
export interface MessageState {
  /** Still to be escalated: not replaced, cancelled, expired or ended. */
  active: boolean;
  issued_at: Date;
  /** CAP severities of the warning's infos (empty for a notice). */
  severities: string[];
  lineage_id: string | null;
}

export async function findMessageState(
  db: Queryable,
  kind: MessageKind,
  messageId: string,
): Promise<MessageState | undefined> {
  const { rows } = await db.query<MessageState>(
    kind === 'alert'
      ? `SELECT (a.superseded_by IS NULL AND NOT a.cancelled AND a.msg_type <> 'Cancel'
                 AND a.status IN ('Actual', 'Exercise') AND (a.expires IS NULL OR a.expires > now())) AS active,
                a.created_at AS issued_at, a.lineage_id,
                ARRAY(SELECT i.severity FROM alert_infos i WHERE i.alert_id = a.id) AS severities
           FROM alerts a WHERE a.id = $1`
      : `SELECT (n.starts_at <= now() AND n.ends_at > now()) AS active, n.created_at AS issued_at,
                NULL AS lineage_id, '{}'::text[] AS severities
           FROM notices n WHERE n.id = $1`,
    [messageId],
  );
  return rows[0];
}

/** The inbox entries of one message that escalation is about (a cancel is not escalated). */
export const entryOf = (kind: MessageKind, messageParam = '$1') =>
  kind === 'alert'
    ? `x.alert_id = ${messageParam} AND x.action <> 'cancel'`
    : `x.notice_id = ${messageParam}`;

/** An inbox entry its owner has opened or answered: escalation stops for them. */
export const HAS_READ = '(x.read_at IS NOT NULL OR x.responded_at IS NOT NULL)';

/** Whether the resident in `column` can be reached on `channel` now. */
export function reachableOn(channel: ChannelName, column: string): string {
  if (channel === 'push') {
    return `EXISTS (SELECT 1 FROM users u JOIN push_subscriptions p ON p.user_id = u.id
                     WHERE u.resident_id = ${column} AND u.disabled_at IS NULL)`;
  }
  return `EXISTS (SELECT 1 FROM contact_points c
                   WHERE c.channel = '${channel}' AND c.resident_id = ${column} AND c.verified_at IS NOT NULL
                     AND c.consent_at IS NOT NULL AND c.withdrawn_at IS NULL)`;
}

/** Deliveries' ids as text (bigint), grouped into batches of `size`, from a CTE named `inserted`. */
export const BATCHES_OF_INSERTED = (sizeParam: string) => `
  SELECT string_agg(id::text, ',' ORDER BY id) AS ids
  FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / ${sizeParam} AS batch FROM inserted) AS b
  GROUP BY batch`;

/** Resident ids grouped into batches of `size`, from a CTE named `inserted`. */
export const RESIDENT_BATCHES_OF_INSERTED = (sizeParam: string) => `
  SELECT string_agg(resident_id::text, ',') AS ids
  FROM (SELECT resident_id, (row_number() OVER (ORDER BY resident_id) - 1) / ${sizeParam} AS batch
        FROM inserted) AS b
  GROUP BY batch`;

export const splitBatches = (rows: { ids: string }[]): string[][] => rows.map((row) => row.ids.split(','));

/** Queued rows of a message that will not be sent any more (it was replaced, cancelled, ended). */
export async function cancelQueuedOfMessage(db: Queryable, messageId: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'cancelled', cancelled_at = now()
      WHERE message_id = $1 AND channel IN ('push', 'email', 'sms', 'relay') AND status = 'queued'`,
    [messageId],
  );
  return rowCount;
}

export interface StaleSend {
  message_kind: MessageKind;
  message_id: string;
  resident_id: string;
  channel: string;
  step: number;
}

/**
 * Sends left `sending` by a node that died: their outcome is unknown, so they are never tried
 * again on that channel. They fail as `outcome_unknown`; the caller moves the people on.
 */
export async function failStaleSends(db: Queryable, staleSeconds: number): Promise<StaleSend[]> {
  const { rows } = await db.query<StaleSend>(
    `UPDATE deliveries SET status = 'failed', failed_at = now(), error_id = 'outcome_unknown'
      WHERE status = 'sending' AND sending_at < now() - make_interval(secs => $1)
      RETURNING message_kind, message_id, resident_id::text, channel, step`,
    [staleSeconds],
  );
  return rows;
}
