import type { Queryable } from '../../db/database.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';

export interface AccessRecord {
  viewer: SessionUser;
  residentIds: readonly string[];
  /**
   * What was seen: `search_result` (a row in search results), `view` (a record or a list),
   * `card_lookup` (the person whose card was tapped).
   */
  action: 'search_result' | 'view' | 'card_lookup';
  purpose: string | null;
  /** The route, e.g. `GET /api/people/search`. */
  via: string;
}

/** Staff and HQ screens log through the one access-log writer (modules/audit), in the caller's transaction. */
export function logAccess(db: Queryable, record: AccessRecord): Promise<void> {
  return recordAccess(db, {
    viewer: record.viewer,
    subjectResidentIds: record.residentIds,
    action: record.action,
    purpose: record.purpose,
    via: record.via,
  });
}
