import type { Queryable } from '../../db/database.js';
import type { SessionUser } from '../auth/auth.types.js';

export interface AccessRecord {
  viewer: SessionUser;
  residentIds: readonly string[];
  /** What was seen: `search_result` (a row in search results), `view` (a record or a list). */
  action: 'search_result' | 'view';
  purpose: string | null;
  /** The route, e.g. `GET /api/people/search`. */
  via: string;
}

/**
 * One access_log row per person whose data was shown, written in the caller's transaction so a
 * read that was not logged is never answered.
 */
export async function logAccess(db: Queryable, record: AccessRecord): Promise<void> {
  const ids = [...new Set(record.residentIds)];
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO access_log (viewer_user_id, viewer_role, subject_resident_id, action, purpose, via)
     SELECT $1, $2, subject, $3, $4, $5 FROM unnest($6::uuid[]) AS subject`,
    [record.viewer.id, record.viewer.role, record.action, record.purpose, record.via, ids],
  );
}
