import type {
  ChannelCounts,
  DeliveryChannel,
  DeliveryFailure,
  DeliveryStatus,
} from '@contract/delivery/delivery.schema.js';
import { DELIVERY_STATUSES } from '@contract/delivery/delivery.schema.js';
import type { Queryable } from '../../db/database.js';
import { entryOf, type MessageKind } from './deliveries.queries.js';

const entryColumn = (kind: MessageKind) => (kind === 'alert' ? 'x.alert_id' : 'x.notice_id');

/**
 * Counts by channel and status of one message, with how many of each channel's rows belong to
 * people who have read or answered since (the inbox entry says so, whichever channel they used),
 * and the failures by channel and reason. One pass through the funnel index, plus the inbox entry
 * of each row: the reason only splits the groups of failed and retrying rows, which are few.
 */
export async function deliveryCounts(
  db: Queryable,
  kind: MessageKind,
  messageId: string,
): Promise<{ channels: ChannelCounts[]; failures: DeliveryFailure[] }> {
  const { rows } = await db.query<{
    channel: DeliveryChannel;
    status: DeliveryStatus;
    error_id: string | null;
    n: number;
    read: number;
    responded: number;
  }>(
    `SELECT d.channel, d.status,
            CASE WHEN d.status = 'failed' THEN COALESCE(d.error_id, 'undeliverable')
                 WHEN d.status IN ('queued', 'sending') THEN d.error_id END AS error_id,
            count(*)::int AS n,
            count(*) FILTER (WHERE x.read_at IS NOT NULL OR x.responded_at IS NOT NULL)::int AS read,
            count(*) FILTER (WHERE x.responded_at IS NOT NULL)::int AS responded
       FROM deliveries d
       LEFT JOIN inbox_items x ON x.resident_id = d.resident_id AND ${entryColumn(kind)} = d.message_id
      WHERE d.message_id = $1
      GROUP BY 1, 2, 3`,
    [messageId],
  );
  const byChannel = new Map<DeliveryChannel, ChannelCounts>();
  const byReason = new Map<string, DeliveryFailure>();
  for (const row of rows) {
    let counts = byChannel.get(row.channel);
    if (!counts) {
      counts = {
        channel: row.channel,
        read: 0,
        responded: 0,
        ...Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])),
      } as ChannelCounts;
      byChannel.set(row.channel, counts);
    }
    counts[row.status] += row.n;
    counts.read += row.read;
    counts.responded += row.responded;
    if (row.error_id === null) continue;
    const key = `${row.channel}:${row.error_id}`;
    const failure = byReason.get(key) ?? {
      channel: row.channel,
      errorId: row.error_id,
      failed: 0,
      retrying: 0,
    };
    if (row.status === 'failed') failure.failed += row.n;
    else failure.retrying += row.n;
    byReason.set(key, failure);
  }
  const rowsOf = (f: DeliveryFailure) => f.failed + f.retrying;
  return {
    channels: [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    failures: [...byReason.values()].sort(
      (a, b) =>
        rowsOf(b) - rowsOf(a) || a.channel.localeCompare(b.channel) || a.errorId.localeCompare(b.errorId),
    ),
  };
}

export interface AreaFunnelRow {
  code: string | null;
  name: string | null;
  targeted: number;
  reached: number;
  read: number;
  responded: number;
  /** Of those, people whose app or portal confirmed the warning arrived (inbox receipt). */
  in_app: number;
}

/**
 * The funnel of a warning by the home municipality of the people it targeted. Reached: the
 * socket receipt, a confirmed delivery on a channel of their own, or read (which implies it).
 */
export async function areaFunnel(
  db: Queryable,
  kind: MessageKind,
  messageId: string,
): Promise<AreaFunnelRow[]> {
  const { rows } = await db.query<AreaFunnelRow>(
    `WITH confirmed AS (
       SELECT DISTINCT resident_id FROM deliveries
        WHERE message_id = $1 AND channel IN ('push', 'email', 'sms') AND status = 'delivered'
     ),
     e AS (
       SELECT x.resident_id,
              x.read_at IS NOT NULL OR x.responded_at IS NOT NULL AS read,
              x.responded_at IS NOT NULL AS responded,
              x.delivered_at IS NOT NULL AS in_app,
              x.delivered_at IS NOT NULL OR x.read_at IS NOT NULL OR x.responded_at IS NOT NULL
                OR c.resident_id IS NOT NULL AS reached
         FROM inbox_items x LEFT JOIN confirmed c ON c.resident_id = x.resident_id
        WHERE ${entryOf(kind)}
     )
     SELECT r.home_municipality_code AS code, m.name,
            count(*)::int AS targeted, count(*) FILTER (WHERE e.reached)::int AS reached,
            count(*) FILTER (WHERE e.read)::int AS read, count(*) FILTER (WHERE e.responded)::int AS responded,
            count(*) FILTER (WHERE e.in_app)::int AS in_app
       FROM e JOIN residents r ON r.id = e.resident_id
       LEFT JOIN municipalities m ON m.code = r.home_municipality_code
      GROUP BY r.home_municipality_code, m.name
      ORDER BY r.home_municipality_code NULLS LAST`,
    [messageId],
  );
  return rows;
}
