import type { Queryable } from '../../db/database.js';
import type { UserRole } from '../auth/auth.types.js';

import type { AccessAction } from '@contract/audit/access-actions.js';

export { ACCESS_ACTIONS, type AccessAction } from '@contract/audit/access-actions.js';

export interface AccessEntry {
  viewer: { id: string; role: UserRole; residentId: string | null };
  subjectResidentIds: readonly string[];
  action: AccessAction;
  /** Why (required from staff and HQ outside their own shelter). */
  purpose?: string | null;
  /** The screen or route, e.g. `GET /api/me/family`. */
  via: string;
  /**
   * Also log it when the viewer is the person: acts on one's own account (enrolling, recovering,
   * passkeys) belong in the person's log, reads of one's own data do not.
   */
  includeOwn?: boolean;
}

/**
 * Writes one access_log row per person whose data the viewer is about to receive, inside the
 * caller's transaction, in one statement: if the log cannot be written, the read is not answered.
 * Reading one's own data is not logged. The database chains each row to the previous entry about
 * the same person and holds that person's chain until commit (migration 0014); rows go in in
 * subject id order so two transactions never take two people's chains in opposite orders.
 */
export async function recordAccess(tx: Queryable, entry: AccessEntry): Promise<void> {
  const subjects = [...new Set(entry.subjectResidentIds)]
    .filter((id) => entry.includeOwn === true || id !== entry.viewer.residentId)
    .sort();
  if (subjects.length === 0) return;
  await tx.query(
    `INSERT INTO access_log (viewer_user_id, viewer_role, subject_resident_id, action, purpose, via)
     SELECT $1, $2, subject, $3, $4, $5 FROM unnest($6::uuid[]) WITH ORDINALITY AS s (subject, n) ORDER BY n`,
    [entry.viewer.id, entry.viewer.role, entry.action, entry.purpose ?? null, entry.via, subjects],
  );
}
