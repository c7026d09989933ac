import type { SessionUser } from '../modules/auth/auth.types.js';

/**
 * Looking up a person's profile needs a stated purpose (it is access-logged with it), except for
 * shelter staff looking up someone who is now in one of their own shelters.
 */
export function mayLookUpWithoutPurpose(user: SessionUser, currentShelterId: string | null): boolean {
  return (
    user.role === 'shelter_staff' && currentShelterId !== null && user.shelterIds.includes(currentShelterId)
  );
}
