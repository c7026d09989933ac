import type { Queryable } from '../../db/database.js';

/** What the letters carry: a warning (one CAP message) or a notice. */
export type PostSource = { kind: 'alert'; id: string } | { kind: 'notice'; id: string };

/**
 * CTEs `targeted` and `classified` for source $1 and unread minutes $2 (NULL: not asked).
 *
 * targeted: everyone the warning or notice was written to (a warning's cancellations excluded).
 * classified: per person, whether they have a usable account, a push subscription on it, a
 * contact point they verified and consented to and did not withdraw, whether they read it (for a
 * warning: any entry of its chain read or answered), and whether their entry is old enough for
 * "unread after N minutes".
 *
 * Channels are decided here and only here: push subscriptions (per account) and contact points
 * (per person) are the channels escalation sends on; an account without push reaches a person
 * only when they open the portal, so it counts as no channel.
 */
function classifiedCtes(source: PostSource): string {
  const targeted =
    source.kind === 'alert'
      ? `SELECT x.resident_id, x.created_at FROM inbox_items x
          WHERE x.alert_id = $1::uuid AND x.action <> 'cancel'`
      : `SELECT x.resident_id, x.created_at FROM inbox_items x WHERE x.notice_id = $1::uuid`;
  const read =
    source.kind === 'alert'
      ? `EXISTS (SELECT 1 FROM inbox_items y
                  WHERE y.lineage_id = (SELECT lineage_id FROM alerts WHERE id = $1::uuid)
                    AND y.resident_id = t.resident_id
                    AND (y.read_at IS NOT NULL OR y.responded_at IS NOT NULL))`
      : `EXISTS (SELECT 1 FROM inbox_items y
                  WHERE y.notice_id = $1::uuid AND y.resident_id = t.resident_id AND y.read_at IS NOT NULL)`;
  return `
  targeted AS (${targeted}),
  classified AS (
    SELECT t.resident_id,
           EXISTS (SELECT 1 FROM users u
                    WHERE u.resident_id = t.resident_id AND u.disabled_at IS NULL) AS has_account,
           EXISTS (SELECT 1 FROM users u JOIN push_subscriptions s ON s.user_id = u.id
                    WHERE u.resident_id = t.resident_id AND u.disabled_at IS NULL) AS has_push,
           EXISTS (SELECT 1 FROM contact_points c
                    WHERE c.resident_id = t.resident_id AND c.verified_at IS NOT NULL
                      AND c.consent_at IS NOT NULL AND c.withdrawn_at IS NULL) AS has_contact,
           ${read} AS has_read,
           ($2::int IS NOT NULL AND t.created_at <= now() - make_interval(mins => $2::int)) AS waited
      FROM targeted t
  ),
  selected AS (
    SELECT resident_id,
           (has_push OR has_contact) AS has_channel,
           has_account
      FROM classified
     WHERE NOT has_read AND (NOT (has_push OR has_contact) OR waited)
  )`;
}

/** Where a person's letter goes: their household's address, else their own. */
const ADDRESS = 'COALESCE(h.address, r.home_address)';

export interface ReachRow {
  targeted: number;
  with_channel: number;
  no_account: number;
  account_without_push: number;
  read_already: number;
  unread_with_channel: number;
  people: number;
  letters: number;
  without_address: number;
}

/** The counts HQ sees before making a batch, and the batch records when it is made. */
export async function countReach(
  db: Queryable,
  source: PostSource,
  unreadAfterMinutes: number | null,
): Promise<ReachRow> {
  const { rows } = await db.query<ReachRow>(
    `WITH ${classifiedCtes(source)},
     counts AS (
       SELECT count(*)::int AS targeted,
              count(*) FILTER (WHERE has_push OR has_contact)::int AS with_channel,
              count(*) FILTER (WHERE NOT (has_push OR has_contact) AND NOT has_read AND NOT has_account)::int AS no_account,
              count(*) FILTER (WHERE NOT (has_push OR has_contact) AND NOT has_read AND has_account)::int AS account_without_push,
              count(*) FILTER (WHERE NOT (has_push OR has_contact) AND has_read)::int AS read_already,
              count(*) FILTER (WHERE (has_push OR has_contact) AND waited AND NOT has_read)::int AS unread_with_channel
         FROM classified),
     addressed AS (
       SELECT COALESCE(r.household_id, r.id) AS reference, ${ADDRESS} IS NOT NULL AS has_address
         FROM selected s JOIN residents r ON r.id = s.resident_id
         LEFT JOIN households h ON h.id = r.household_id)
     SELECT counts.*,
            (SELECT count(*)::int FROM addressed WHERE has_address) AS people,
            (SELECT count(DISTINCT reference)::int FROM addressed WHERE has_address) AS letters,
            (SELECT count(*)::int FROM addressed WHERE NOT has_address) AS without_address
       FROM counts`,
    [source.id, unreadAfterMinutes],
  );
  return rows[0]!;
}

/**
 * Fixes the batch's letters in one set-based statement: the selected people with an address,
 * one letter per household (or per person without one), the people on it head first then by age,
 * in the order a mail vendor sorts by (municipality, address). Returns how many letters.
 */
export async function insertLetters(
  db: Queryable,
  batch: { id: string; source: PostSource; unreadAfterMinutes: number | null },
): Promise<number> {
  const { rowCount } = await db.query(
    `WITH ${classifiedCtes(batch.source)},
     letters AS (
       SELECT COALESCE(r.household_id, r.id) AS reference,
              min(COALESCE(h.municipality_code, r.home_municipality_code)) AS municipality_code,
              min(${ADDRESS}) AS address,
              array_agg(r.id ORDER BY (r.relationship = 'head') DESC, r.birth_date, r.id) AS recipients
         FROM selected s JOIN residents r ON r.id = s.resident_id
         LEFT JOIN households h ON h.id = r.household_id
        WHERE ${ADDRESS} IS NOT NULL
        GROUP BY COALESCE(r.household_id, r.id))
     INSERT INTO post_letters (batch_id, seq, reference, recipients)
     SELECT $3, row_number() OVER (ORDER BY municipality_code, address, reference), reference, recipients
       FROM letters`,
    [batch.source.id, batch.unreadAfterMinutes, batch.id],
  );
  return rowCount;
}

export interface LetterRow {
  seq: number;
  reference: string;
  household: boolean;
  address: string;
  municipality_code: string | null;
  municipality_name: string | null;
  addressee: string;
  names: string[];
}

/**
 * Letters `fromSeq`..`toSeq` as printed, from the registry as it is now. The envelope is addressed
 * to the first person the letter is for: the household's head when they are among them, else the
 * oldest (the letter names no one else, so everyone named is in the batch's access log).
 */
export async function letterRows(
  db: Queryable,
  batchId: string,
  fromSeq: number,
  toSeq: number,
): Promise<LetterRow[]> {
  const { rows } = await db.query<LetterRow>(
    `SELECT l.seq, l.reference::text AS reference, (h.id IS NOT NULL) AS household,
            COALESCE(h.address, first.home_address, '') AS address,
            m.code::text AS municipality_code, m.name AS municipality_name,
            first.family_name || ' ' || first.given_name AS addressee,
            ARRAY(SELECT p.family_name || ' ' || p.given_name
                    FROM unnest(l.recipients) WITH ORDINALITY AS u (id, n)
                    JOIN residents p ON p.id = u.id ORDER BY u.n) AS names
       FROM post_letters l
       JOIN residents first ON first.id = l.recipients[1]
       LEFT JOIN households h ON h.id = l.reference
       LEFT JOIN municipalities m ON m.code = COALESCE(h.municipality_code, first.home_municipality_code)
      WHERE l.batch_id = $1 AND l.seq BETWEEN $2 AND $3
      ORDER BY l.seq`,
    [batchId, fromSeq, toSeq],
  );
  return rows;
}

/** Everyone a batch's letters name, in id order (the access log of each records a download). */
export async function batchRecipientIds(db: Queryable, batchId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT u.id::text AS id FROM post_letters l CROSS JOIN LATERAL unnest(l.recipients) AS u (id)
      WHERE l.batch_id = $1 ORDER BY 1`,
    [batchId],
  );
  return rows.map((row) => row.id);
}
