import type { Queryable } from '../../db/database.js';

export type InboxResponse = 'safe' | 'need_help' | 'evacuating';

export interface InboxRow {
  position: number;
  kind: 'alert' | 'notice' | 'application' | 'account';
  action: 'alert' | 'update' | 'cancel' | null;
  alert_id: string | null;
  notice_id: string | null;
  created_at: Date;
  delivered_at: Date | null;
  read_at: Date | null;
  response: InboxResponse | null;
  responded_at: Date | null;
  response_note: string | null;
  msg_type: string | null;
  status: string | null;
  sent: Date | null;
  expires: Date | null;
  active: boolean | null;
  language: string | null;
  event: string | null;
  urgency: string | null;
  severity: string | null;
  certainty: string | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  notice_title: string | null;
  notice_body: string | null;
  notice_language: string | null;
  notice_link: string | null;
  notice_starts_at: Date | null;
  notice_ends_at: Date | null;
  application_id: string | null;
  application_programme: string | null;
  application_state: string | null;
  application_reason: string | null;
  application_fields: string[] | null;
  account_event: 'enrolled' | 'recovered' | 'household_member_enrolled' | null;
  account_member_id: string | null;
  account_member_name: string | null;
}

/**
 * The entry with the alert's info in the reader's language: the info whose language matches the
 * resident's (ja matches ja-JP), else Japanese, else the first.
 */
const ENTRY = `
  SELECT x.id AS position, x.kind, x.action, x.alert_id, x.notice_id, x.created_at, x.delivered_at, x.read_at,
         x.response, x.responded_at, x.response_note,
         a.msg_type, a.status, a.sent, a.expires,
         (a.superseded_by IS NULL AND NOT a.cancelled AND a.msg_type <> 'Cancel'
          AND (a.expires IS NULL OR a.expires > now())) AS active,
         info.language, info.event, info.urgency, info.severity, info.certainty,
         info.headline, info.description, info.instruction,
         nt.title AS notice_title, nt.body AS notice_body, nt.language AS notice_language,
         n.link AS notice_link, n.starts_at AS notice_starts_at, n.ends_at AS notice_ends_at,
         x.application_id, ap.programme_code AS application_programme, ev.to_state AS application_state,
         ev.reason AS application_reason, ev.fields AS application_fields, x.account_event,
         x.account_member_id, am.family_name || ' ' || am.given_name AS account_member_name
  FROM inbox_items x
  JOIN residents r ON r.id = x.resident_id
  LEFT JOIN alerts a ON a.id = x.alert_id
  LEFT JOIN LATERAL (
    SELECT i.* FROM alert_infos i WHERE i.alert_id = x.alert_id
    ORDER BY lower(split_part(i.language, '-', 1)) = lower(split_part(r.language, '-', 1)) DESC,
             lower(i.language) LIKE 'ja%' DESC, i.position
    LIMIT 1
  ) AS info ON true
  LEFT JOIN notices n ON n.id = x.notice_id
  LEFT JOIN LATERAL (
    SELECT t.* FROM notice_texts t WHERE t.notice_id = x.notice_id
    ORDER BY t.language = lower(split_part(r.language, '-', 1)) DESC, t.language = 'ja' DESC
    LIMIT 1
  ) AS nt ON true
  LEFT JOIN relief_application_events ev ON ev.id = x.application_event_id
  LEFT JOIN relief_applications ap ON ap.id = x.application_id
  LEFT JOIN residents am ON am.id = x.account_member_id`;

/** A notice is in the inbox only during its validity: after its end it is gone (purged later). */
const VISIBLE = `(x.notice_id IS NULL OR (n.starts_at <= now() AND n.ends_at > now()))`;

export async function listInbox(
  db: Queryable,
  residentId: string,
  after: number,
  limit: number,
): Promise<InboxRow[]> {
  const { rows } = await db.query<InboxRow>(
    `${ENTRY} WHERE x.resident_id = $1 AND x.id > $2 AND ${VISIBLE} ORDER BY x.id LIMIT $3`,
    [residentId, after, limit],
  );
  return rows;
}

export async function findInboxEntry(
  db: Queryable,
  residentId: string,
  position: number,
): Promise<InboxRow | undefined> {
  const { rows } = await db.query<InboxRow>(
    `${ENTRY} WHERE x.resident_id = $1 AND x.id = $2 AND ${VISIBLE}`,
    [residentId, position],
  );
  return rows[0];
}

/** The alert's area for the resident's small map, simplified (~50 m) to keep the payload small. */
export async function alertFootprint(db: Queryable, alertId: string): Promise<string | null> {
  const { rows } = await db.query<{ footprint: string | null }>(
    `SELECT ST_AsGeoJSON(ST_Multi(ST_Union(ST_SimplifyPreserveTopology(footprint, 0.0005))), 5) AS footprint
     FROM alert_areas WHERE alert_id = $1 AND footprint IS NOT NULL`,
    [alertId],
  );
  return rows[0]?.footprint ?? null;
}

/** A receipt for one entry of a resident: by position, or a warning's entry by alert id. */
export interface ReceiptRequest {
  residentId: string;
  target: { position: number } | { alertId: string };
  read: boolean;
}

export interface ReceiptResult {
  alert_id: string | null;
  /** Whether this batch set a delivered or read time that was not set before. */
  changed: boolean;
}

/**
 * Marks entries delivered (and read, when asked); idempotent. One statement for a whole batch of
 * receipts; only the owner's entry matches each. Returns, per request in order, the entry's alert
 * and whether anything changed, or undefined when the resident has no such entry. Two requests for
 * the same entry in one batch both see it; a read among them wins.
 */
export async function markReceipts(
  db: Queryable,
  requests: readonly ReceiptRequest[],
): Promise<(ReceiptResult | undefined)[]> {
  const { rows } = await db.query<{ n: number; alert_id: string | null; changed: boolean }>(
    `WITH request AS (
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::bool[])
         WITH ORDINALITY AS r (resident_id, position, alert_id, read, n)
     ),
     target AS (
       SELECT r.n, r.read, x.id, x.alert_id, x.delivered_at, x.read_at
       FROM request r JOIN inbox_items x ON x.id = r.position AND x.resident_id = r.resident_id
       UNION ALL
       SELECT r.n, r.read, x.id, x.alert_id, x.delivered_at, x.read_at
       FROM request r JOIN inbox_items x ON x.resident_id = r.resident_id AND x.alert_id = r.alert_id
     ),
     change AS (
       SELECT id, bool_or(read) AS read FROM target
       WHERE delivered_at IS NULL OR (read AND read_at IS NULL)
       GROUP BY id
     ),
     updated AS (
       UPDATE inbox_items x
       SET delivered_at = COALESCE(x.delivered_at, now()),
           read_at = CASE WHEN c.read THEN COALESCE(x.read_at, now()) ELSE x.read_at END
       FROM change c WHERE x.id = c.id
       RETURNING x.id
     )
     SELECT t.n::int AS n, t.alert_id,
            (t.delivered_at IS NULL OR (t.read AND t.read_at IS NULL)) AND t.id IN (SELECT id FROM updated) AS changed
     FROM target t`,
    [
      requests.map((r) => r.residentId),
      requests.map((r) => ('position' in r.target ? r.target.position : null)),
      requests.map((r) => ('alertId' in r.target ? r.target.alertId : null)),
      requests.map((r) => r.read),
    ],
  );
  const results: (ReceiptResult | undefined)[] = requests.map(() => undefined);
  for (const row of rows) results[row.n - 1] = { alert_id: row.alert_id, changed: row.changed };
  return results;
}

export interface RespondInput {
  response: InboxResponse;
  note: string | null;
  location: { lat: number; lon: number } | null;
}

/** Records a response to a warning (not to a cancel); a later response replaces an earlier one. */
export async function respond(
  db: Queryable,
  residentId: string,
  position: number,
  input: RespondInput,
): Promise<{ alert_id: string; previous: InboxResponse | null } | undefined> {
  const { rows } = await db.query<{ alert_id: string; previous: InboxResponse | null }>(
    `UPDATE inbox_items x
     SET delivered_at = COALESCE(x.delivered_at, now()), read_at = COALESCE(x.read_at, now()),
         response = $3, responded_at = now(), response_note = $4,
         response_location = CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($6, $5), 4326) END,
         help_resolved_at = NULL, help_resolved_by = NULL
     FROM (SELECT id, response FROM inbox_items
           WHERE id = $2 AND resident_id = $1 AND kind = 'alert' AND action <> 'cancel' FOR UPDATE) AS before
     WHERE x.id = before.id
     RETURNING x.alert_id, before.response AS previous`,
    [
      residentId,
      position,
      input.response,
      input.note,
      input.location?.lat ?? null,
      input.location?.lon ?? null,
    ],
  );
  return rows[0];
}

export async function entryOwner(db: Queryable, position: number): Promise<string | undefined> {
  const { rows } = await db.query<{ resident_id: string }>(
    'SELECT resident_id FROM inbox_items WHERE id = $1',
    [position],
  );
  return rows[0]?.resident_id;
}
