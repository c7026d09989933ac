import type { Queryable } from '../../db/database.js';

export interface AccessLogRow {
  seq: number;
  at: Date;
  viewer_role: 'resident' | 'shelter_staff' | 'hq_operator' | 'admin';
  /** Only for resident viewers (family): their registered name. */
  viewer_family_name: string | null;
  viewer_given_name: string | null;
  action: string;
  purpose: string | null;
  via: string;
}

/** The entries about one person, newest first, paged by chain position. */
export async function listAccessForSubject(
  db: Queryable,
  subjectResidentId: string,
  options: { limit: number; beforeSeq: number | undefined },
): Promise<AccessLogRow[]> {
  const { rows } = await db.query<AccessLogRow>(
    `SELECT a.seq, a.at, a.viewer_role, a.action, a.purpose, a.via,
            CASE WHEN a.viewer_role = 'resident' THEN r.family_name END AS viewer_family_name,
            CASE WHEN a.viewer_role = 'resident' THEN r.given_name END AS viewer_given_name
       FROM access_log a
       LEFT JOIN users u ON u.id = a.viewer_user_id
       LEFT JOIN residents r ON r.id = u.resident_id
      WHERE a.subject_resident_id = $1 AND ($3::bigint IS NULL OR a.seq < $3)
      ORDER BY a.seq DESC
      LIMIT $2`,
    [subjectResidentId, options.limit, options.beforeSeq ?? null],
  );
  return rows;
}

export interface ChainLinkRow {
  seq: number;
  prev_hash: string;
  hash: string;
  /** The hash recomputed from the row as it is now. */
  recomputed: string;
}

/** One page of the chain in order, with each row's hash recomputed by the same SQL function. */
export async function readChainPage(db: Queryable, afterSeq: number, limit: number): Promise<ChainLinkRow[]> {
  const { rows } = await db.query<ChainLinkRow>(
    `SELECT seq, prev_hash, hash, access_log_entry_hash(prev_hash, a) AS recomputed
       FROM access_log a WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return rows;
}
