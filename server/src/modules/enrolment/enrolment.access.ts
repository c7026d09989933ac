import { badRequest, forbidden } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';

/**
 * Who may issue and revoke enrolment codes: HQ anywhere; shelter staff at a shelter they work
 * at, named with the request (the same rule as managing that shelter).
 */
export function assertMayIssueCodes(user: SessionUser, shelterId: string | undefined): void {
  if (user.role === 'hq_operator' || user.role === 'admin') return;
  if (user.role !== 'shelter_staff') throw forbidden();
  if (!shelterId) throw badRequest('shelter_required', 'Name the shelter you are issuing the code at.');
  if (!user.shelterIds.includes(shelterId)) throw forbidden('You do not work at this shelter.');
}
