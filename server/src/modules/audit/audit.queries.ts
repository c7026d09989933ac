import type { Queryable } from '../../db/database.js';

export interface AccessLogRow {
  subject_seq: number;
  at: Date;
  viewer_role: 'resident' | 'shelter_staff' | 'hq_operator' | 'admin';
  /** Only for resident viewers (family): their registered name. */
  viewer_family_name: string | null;
  viewer_given_name: string | null;
  /** The staff account's display name, only for acts done for the person (代理). */
  viewer_display_name: string | null;
  action: string;
  purpose: string | null;
  via: string;
}

/** The entries about one person, newest first, paged by position in that person's chain. */
export async function listAccessForSubject(
  db: Queryable,
  subjectResidentId: string,
  options: { limit: number; beforeSubjectSeq: number | undefined },
): Promise<AccessLogRow[]> {
  const { rows } = await db.query<AccessLogRow>(
    `SELECT a.subject_seq, a.at, a.viewer_role, a.action, a.purpose, a.via,
            CASE WHEN a.viewer_role = 'resident' THEN r.family_name END AS viewer_family_name,
            CASE WHEN a.viewer_role = 'resident' THEN r.given_name END AS viewer_given_name,
            CASE WHEN a.viewer_role <> 'resident' AND left(a.action, 7) = 'acting_' THEN u.display_name END
              AS viewer_display_name
       FROM access_log a
       LEFT JOIN users u ON u.id = a.viewer_user_id
       LEFT JOIN residents r ON r.id = u.resident_id
      WHERE a.subject_resident_id = $1 AND ($3::bigint IS NULL OR a.subject_seq < $3)
      ORDER BY a.subject_seq DESC
      LIMIT $2`,
    [subjectResidentId, options.limit, options.beforeSubjectSeq ?? null],
  );
  return rows;
}

export interface ChainLinkRow {
  subject_resident_id: string;
  subject_seq: number;
  seq: number;
  prev_hash: string;
  hash: string;
  /** The hash recomputed from the row as it is now. */
  recomputed: string;
  /** The subject's recorded last link (null when there is none). */
  head_subject_seq: number | null;
  head_hash: string | null;
}

/** One page of the subjects' chains, each in order, with each row's hash recomputed by the same SQL function. */
export async function readChainPage(
  db: Queryable,
  after: { subject: string; subjectSeq: number },
  limit: number,
): Promise<ChainLinkRow[]> {
  const { rows } = await db.query<ChainLinkRow>(
    `SELECT a.subject_resident_id, a.subject_seq, a.seq, a.prev_hash, a.hash,
            access_log_entry_hash(a.prev_hash, a) AS recomputed,
            h.subject_seq AS head_subject_seq, h.hash AS head_hash
       FROM access_log a
       LEFT JOIN access_log_heads h ON h.subject_resident_id = a.subject_resident_id
      WHERE (a.subject_resident_id, a.subject_seq) > ($1::uuid, $2::bigint)
      ORDER BY a.subject_resident_id, a.subject_seq
      LIMIT $3`,
    [after.subject, after.subjectSeq, limit],
  );
  return rows;
}

/** A recorded head whose subject has no entry at all (they were all removed). */
export async function readOrphanHead(db: Queryable): Promise<{ subject_resident_id: string } | undefined> {
  const { rows } = await db.query<{ subject_resident_id: string }>(
    `SELECT h.subject_resident_id FROM access_log_heads h
      WHERE NOT EXISTS (SELECT 1 FROM access_log a WHERE a.subject_resident_id = h.subject_resident_id)
      ORDER BY h.subject_resident_id LIMIT 1`,
  );
  return rows[0];
}

/** The newest entry's position and one digest over every subject's last link, in subject order. */
export async function chainHeadsSummary(db: Queryable): Promise<{ max_seq: number; digest: string }> {
  const { rows } = await db.query<{ max_seq: number; digest: string }>(
    `SELECT coalesce((SELECT max(seq) FROM access_log), 0) AS max_seq,
            encode(sha256(convert_to(coalesce(string_agg(
              subject_resident_id::text || ':' || subject_seq || ':' || hash, E'\\n' ORDER BY subject_resident_id
            ), ''), 'UTF8')), 'hex') AS digest
       FROM access_log_heads`,
  );
  return rows[0]!;
}
