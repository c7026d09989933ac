import type { SessionUser, UserRole } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';

/**
 * Visit tasks. HQ opens, assigns and follows them for every warning; shelter staff, community
 * supporters (民生委員) and HQ operators can be sent on visits and then see their own tasks, with
 * only what a visit needs. A supporter sees a task only while it lies in their area.
 */

/** Who may have a visit list (`GET /api/me/visit-tasks`). */
export const VISITORS = [
  'shelter_staff',
  'community_supporter',
  'hq_operator',
  'admin',
] as const satisfies readonly UserRole[];

/** Accounts HQ may send on a visit. Admins run the system, they are not sent out. */
const ASSIGNABLE: readonly UserRole[] = ['shelter_staff', 'community_supporter', 'hq_operator'];

export const mayBeSentOnVisits = (role: UserRole): boolean => ASSIGNABLE.includes(role);

/** Supporters' reads are bound to their area; everyone else's only to their assignment. */
export const isAreaScoped = (user: Pick<SessionUser, 'role'>): boolean => user.role === 'community_supporter';

/** Record what a visit found: the person sent, or HQ. */
export function mayRecordVisitOutcome(
  user: SessionUser,
  task: { assigned_to: string | null; in_area: boolean },
): boolean {
  if (isHq(user)) return true;
  if (task.assigned_to !== user.id) return false;
  return !isAreaScoped(user) || task.in_area;
}

/**
 * SQL predicate: the task `task` (with the person's home point `home`) lies in the area of the
 * supporter whose user id is `userParam`. A task is in the area when its municipality is one of
 * theirs or the home point lies in their drawn district. Kept as SQL so rows outside the area
 * never leave the database.
 */
export function supporterAreaSql(task: string, home: string, userParam: string): string {
  return `EXISTS (SELECT 1 FROM supporter_areas sa
                   WHERE sa.user_id = ${userParam}
                     AND (${task}.municipality_code = ANY (sa.municipality_codes)
                          OR (sa.district IS NOT NULL AND ${home} IS NOT NULL AND ST_Covers(sa.district, ${home}))))`;
}
