import { forbidden } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';

/**
 * Staff manage their own shelters (readers, console, cards, walk-ins, occupants); HQ and admins
 * manage all of them.
 */
export function mayManageShelter(user: SessionUser, shelterId: string): boolean {
  if (isHq(user)) return true;
  return user.role === 'shelter_staff' && user.shelterIds.includes(shelterId);
}

export function assertMayManageShelter(user: SessionUser, shelterId: string): void {
  if (!mayManageShelter(user, shelterId)) throw forbidden('You do not work at this shelter.');
}
