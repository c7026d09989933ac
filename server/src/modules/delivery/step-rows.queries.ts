import type { Queryable } from '../../db/database.js';
import type { ChannelName } from './channel.types.js';
import {
  BATCHES_OF_INSERTED,
  entryOf,
  HAS_READ,
  reachableOn,
  RESIDENT_BATCHES_OF_INSERTED,
  splitBatches,
  type MessageKind,
} from './deliveries.queries.js';

/**
 * The people a step works on, as SQL selecting `resident_id`. Every statement below takes the
 * same parameters: $1 message id, $2 message kind, $3 step index, $4 batch size.
 *
 * - `unread`: everyone whose entry of the message is unread and unanswered (a step of the chain);
 * - `cohort`: the people in the transaction's `escalation_cohort` table (moved on at once: a
 *   failed channel, a send whose outcome is unknown, nobody to reach on their own channels).
 *   People given a channel of their own leave the cohort; whoever is left goes on to later steps.
 */
export type Source = { kind: 'unread'; unless: 'read' | 'delivered' } | { kind: 'cohort' };

/**
 * Unread entries of the message. A warning's entries may still be a pending set (migration 0024)
 * while the sender writes their rows: a step reads both (one statement sees one or the other), so
 * the first step runs beside the row writing instead of after it. A pending entry is unread.
 */
function unreadSql(messageKind: MessageKind, reachedFilter: string): string {
  const rows = `SELECT x.resident_id FROM inbox_items x
           WHERE ${entryOf(messageKind)} AND NOT ${HAS_READ} ${reachedFilter}`;
  if (messageKind !== 'alert') return rows;
  return `${rows}
          UNION ALL
          SELECT u.resident_id FROM inbox_pending p, unnest(p.resident_ids) AS u (resident_id)
           WHERE p.alert_id = $1 AND p.action <> 'cancel' AND u.resident_id IS NOT NULL`;
}

function sourceSql(messageKind: MessageKind, source: Source): string {
  if (source.kind === 'cohort') return 'SELECT resident_id FROM escalation_cohort';
  const reached =
    source.unless === 'delivered'
      ? `AND x.delivered_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM deliveries d
                          WHERE d.message_id = $1 AND d.channel IN ('push', 'email', 'sms')
                            AND d.resident_id = x.resident_id AND d.status = 'delivered')`
      : '';
  return unreadSql(messageKind, reached);
}

const leaveCohort = (source: Source) =>
  source.kind === 'cohort'
    ? ', caught AS (DELETE FROM escalation_cohort c USING inserted i WHERE c.resident_id = i.resident_id)'
    : '';

export interface StepTarget {
  messageKind: MessageKind;
  messageId: string;
  step: number;
  batchSize: number;
}

const paramsOf = (t: StepTarget) => [t.messageId, t.messageKind, t.step, t.batchSize];

/**
 * Queued rows on one of the person's own channels for everyone of `source` reachable on it who
 * has no row on it yet; resolves to the new rows' ids in send batches.
 */
export async function insertChannelRows(
  tx: Queryable,
  target: StepTarget,
  channel: ChannelName,
  source: Source,
): Promise<string[][]> {
  const { rows } = await tx.query<{ ids: string }>(
    `WITH inserted AS (
       INSERT INTO deliveries (message_kind, message_id, resident_id, channel, step)
       SELECT $2, $1, t.resident_id, '${channel}', $3
       FROM (${sourceSql(target.messageKind, source)}) AS t
       WHERE ${reachableOn(channel, 't.resident_id')}
       ON CONFLICT DO NOTHING
       RETURNING id, resident_id
     )${leaveCohort(source)}
     ${BATCHES_OF_INSERTED('$4')}`,
    paramsOf(target),
  );
  return splitBatches(rows);
}

/**
 * Relay rows: each accepted designee of the people of `source` is asked to check on them, on the
 * designee's first channel of `via` they can be reached on. People stay in the cohort: asking
 * someone else does not reach them.
 */
export async function insertRelayRows(
  tx: Queryable,
  target: StepTarget,
  via: readonly ChannelName[],
  source: Source,
): Promise<string[][]> {
  if (via.length === 0) return [];
  const pick = via.map((ch) => `WHEN ${reachableOn(ch, 'd.designee_resident_id')} THEN '${ch}'`).join(' ');
  const { rows } = await tx.query<{ ids: string }>(
    `WITH pairs AS (
       SELECT t.resident_id, d.designee_resident_id AS relay_to, CASE ${pick} END AS via
       FROM (${sourceSql(target.messageKind, source)}) AS t
       JOIN designations d ON d.subject_resident_id = t.resident_id
       WHERE d.status = 'accepted' AND d.designee_resident_id IS NOT NULL
     ),
     inserted AS (
       INSERT INTO deliveries (message_kind, message_id, resident_id, channel, relay_to, via, step)
       SELECT $2, $1, resident_id, 'relay', relay_to, via, $3 FROM pairs WHERE via IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING id
     )
     ${BATCHES_OF_INSERTED('$4')}`,
    paramsOf(target),
  );
  return splitBatches(rows);
}

/**
 * Visit rows for everyone of `source` not handed over yet: recorded as sent (handed over) in the
 * same transaction that queues their visit tasks; resolves to their resident ids in batches. A
 * visit takes everyone: a walk ends with it (the cohort is not emptied one by one).
 */
export async function insertVisitRows(
  tx: Queryable,
  target: StepTarget,
  source: Source,
): Promise<string[][]> {
  const { rows } = await tx.query<{ ids: string }>(
    `WITH inserted AS (
       INSERT INTO deliveries (message_kind, message_id, resident_id, channel, step, status, sent_at)
       SELECT $2, $1, t.resident_id, 'visit', $3, 'sent', now()
       FROM (${sourceSql(target.messageKind, source)}) AS t
       ON CONFLICT DO NOTHING
       RETURNING resident_id
     )
     ${RESIDENT_BATCHES_OF_INSERTED('$4')}`,
    paramsOf(target),
  );
  return splitBatches(rows);
}

/** The transaction's cohort table (dropped at commit). */
async function createCohort(tx: Queryable): Promise<void> {
  await tx.query(
    'CREATE TEMP TABLE IF NOT EXISTS escalation_cohort (resident_id uuid PRIMARY KEY) ON COMMIT DROP',
  );
}

/** Unread people of the message who cannot be reached on any of `channels`. Resolves to how many. */
export async function cohortWithoutChannels(
  tx: Queryable,
  messageKind: MessageKind,
  messageId: string,
  channels: readonly ChannelName[],
): Promise<number> {
  await createCohort(tx);
  const none = channels.map((ch) => `NOT ${reachableOn(ch, 't.resident_id')}`).join(' AND ');
  const { rowCount } = await tx.query(
    `INSERT INTO escalation_cohort (resident_id)
     SELECT t.resident_id FROM (${unreadSql(messageKind, '')}) AS t ${none ? `WHERE ${none}` : ''}
     ON CONFLICT DO NOTHING`,
    [messageId],
  );
  return rowCount;
}

/** The given people whose entry of the message is still unread. Resolves to how many. */
export async function cohortOf(
  tx: Queryable,
  messageKind: MessageKind,
  messageId: string,
  residentIds: readonly string[],
): Promise<number> {
  await createCohort(tx);
  const { rowCount } = await tx.query(
    `INSERT INTO escalation_cohort (resident_id)
     SELECT x.resident_id FROM inbox_items x
      WHERE ${entryOf(messageKind)} AND NOT ${HAS_READ} AND x.resident_id = ANY ($2::uuid[])
     ON CONFLICT DO NOTHING`,
    [messageId, residentIds],
  );
  return rowCount;
}

export async function cohortSize(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM escalation_cohort');
  return rows[0]?.n ?? 0;
}
