import type { Queryable } from '../../db/database.js';
import type { NoticeLanguage } from '@contract/notices/notices.attributes.js';
import type { NoticeTexts, Targeting } from '@contract/notices/notices.schema.js';
import { buildTargetQuery, type TargetQuery } from './notices.targeting.js';

/** `WITH … targeted AS (…)`; further CTEs follow after a comma. */
const withTargeted = (q: TargetQuery) => `${q.with ? `${q.with},` : 'WITH'} targeted AS (${q.select})`;

/** The statement's estimates are poor (subdivided polygons, grouped households): no JIT. */
export async function tuneForNoticeTargeting(tx: Queryable): Promise<void> {
  await tx.query("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)");
}

export async function countNoticeTargets(
  db: Queryable,
  targeting: Targeting,
): Promise<{ total: number; with_account: number }> {
  const q = buildTargetQuery(targeting, { consentOnly: true });
  const { rows } = await db.query<{ total: number; with_account: number }>(
    `${withTargeted(q)}
     SELECT count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM users u WHERE u.resident_id = t.id AND u.disabled_at IS NULL))::int AS with_account
     FROM targeted t`,
    q.params,
  );
  return rows[0]!;
}

/** The targeted resident ids (tests compare them with an independent filter). */
export async function noticeTargetIds(
  db: Queryable,
  targeting: Targeting,
  consentOnly = true,
): Promise<string[]> {
  const q = buildTargetQuery(targeting, { consentOnly });
  const { rows } = await db.query<{ id: string }>(
    `${withTargeted(q)} SELECT id FROM targeted ORDER BY id`,
    q.params,
  );
  return rows.map((row) => row.id);
}

/**
 * Which of `compactTexts` (spaces removed already) contain the full name (kanji or kana, family
 * then given, spaces ignored) of anyone whose home is in the targeting's area (its municipalities
 * and polygons; everyone when it has none), consenting or not. Only the area counts, never the
 * personal attributes (age, household, whereabouts, damage): otherwise whether a name is found
 * would tell whether that person is, say, in hospital. One pass for all texts; returns each text
 * index with the residents it names.
 */
export async function residentsNamedIn(
  db: Queryable,
  targeting: Targeting,
  compactTexts: string[],
): Promise<{ index: number; resident_id: string }[]> {
  if (compactTexts.length === 0) return [];
  const area: Targeting = { municipalityCodes: targeting.municipalityCodes, polygons: targeting.polygons };
  const q = buildTargetQuery(area, { consentOnly: false, firstParam: 2 });
  const { rows } = await db.query<{ index: number; resident_id: string }>(
    `${withTargeted(q)}
     SELECT DISTINCT (f.i - 1)::int AS index, r.id AS resident_id
     FROM targeted t
     JOIN residents r ON r.id = t.id
     JOIN unnest($1::text[]) WITH ORDINALITY AS f (text, i)
       ON strpos(f.text, r.family_name || r.given_name) > 0
       OR strpos(f.text, r.family_name_kana || r.given_name_kana) > 0`,
    [compactTexts, ...q.params],
  );
  return rows;
}

export interface NoticeRow {
  id: string;
  link: string | null;
  starts_at: Date;
  ends_at: Date;
  targeting: Targeting;
  targeted: number;
  created_at: Date;
  texts: { language: NoticeLanguage; title: string; body: string }[];
  delivered: number;
  read: number;
}

export async function insertNotice(
  tx: Queryable,
  notice: {
    link: string | null;
    startsAt: Date;
    endsAt: Date;
    targeting: Targeting;
    texts: NoticeTexts;
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO notices (link, starts_at, ends_at, targeting, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [notice.link, notice.startsAt, notice.endsAt, JSON.stringify(notice.targeting), notice.createdBy],
  );
  const id = rows[0]!.id;
  const texts = Object.entries(notice.texts).filter(([, text]) => text !== undefined) as [
    string,
    { title: string; body: string },
  ][];
  await tx.query(
    `INSERT INTO notice_texts (notice_id, language, title, body)
     SELECT $1, language, title, body FROM unnest($2::text[], $3::text[], $4::text[]) AS t (language, title, body)`,
    [id, texts.map(([language]) => language), texts.map(([, t]) => t.title), texts.map(([, t]) => t.body)],
  );
  return id;
}

export interface WrittenNoticeEntry {
  position: number;
  user_id: string;
  language: string;
}

/**
 * Writes one inbox entry per consenting targeted resident in a single statement and records the
 * count; returns the entries of people with an account (the ones a socket can reach now).
 */
export async function writeNoticeEntries(
  tx: Queryable,
  noticeId: string,
  targeting: Targeting,
): Promise<{ entries: WrittenNoticeEntry[]; targeted: number }> {
  const q = buildTargetQuery(targeting, { consentOnly: true, firstParam: 2 });
  const { rows } = await tx.query<WrittenNoticeEntry>(
    `${withTargeted(q)},
     written AS (
       INSERT INTO inbox_items (resident_id, kind, notice_id)
       SELECT id, 'notice', $1 FROM targeted ORDER BY id
       RETURNING id, resident_id
     )
     SELECT w.id AS position, u.id AS user_id, r.language
     FROM written w
     JOIN users u ON u.resident_id = w.resident_id AND u.disabled_at IS NULL
     JOIN residents r ON r.id = w.resident_id`,
    [noticeId, ...q.params],
  );
  const counted = await tx.query<{ targeted: number }>(
    `UPDATE notices SET targeted = (SELECT count(*) FROM inbox_items WHERE notice_id = $1)
     WHERE id = $1 RETURNING targeted`,
    [noticeId],
  );
  return { entries: rows, targeted: counted.rows[0]?.targeted ?? 0 };
}

const NOTICE_WITH_STATS = `
  SELECT n.id, n.link, n.starts_at, n.ends_at, n.targeting, n.targeted, n.created_at,
         (SELECT json_agg(json_build_object('language', t.language, 'title', t.title, 'body', t.body)
                          ORDER BY t.language DESC)
          FROM notice_texts t WHERE t.notice_id = n.id) AS texts,
         s.delivered, s.read
  FROM notices n
  CROSS JOIN LATERAL (
    SELECT count(x.delivered_at)::int AS delivered, count(x.read_at)::int AS read
    FROM inbox_items x WHERE x.notice_id = n.id
  ) AS s`;

export async function findNotice(db: Queryable, id: string): Promise<NoticeRow | undefined> {
  const { rows } = await db.query<NoticeRow>(`${NOTICE_WITH_STATS} WHERE n.id = $1`, [id]);
  return rows[0];
}

export async function listNotices(db: Queryable, limit: number): Promise<NoticeRow[]> {
  const { rows } = await db.query<NoticeRow>(`${NOTICE_WITH_STATS} ORDER BY n.created_at DESC LIMIT $1`, [
    limit,
  ]);
  return rows;
}

/** Deletes notices that ended more than `days` days ago; their inbox entries go with them. */
export async function deleteNoticesEndedBefore(db: Queryable, days: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM notices WHERE ends_at < now() - ($1::int * interval '1 day')`,
    [days],
  );
  return rowCount;
}
