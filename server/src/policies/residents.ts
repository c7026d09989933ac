import { forbidden } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';

/** A signed-in account acting for the registered person behind it. */
export interface ResidentUser {
  user: SessionUser;
  residentId: string;
}

/** Why an account without a registered person is refused, in the words each feature uses. */
export const NOT_A_RESIDENT = {
  person: 'This account is not linked to a registered person.',
  resident: 'This account is not linked to a resident.',
  inbox: 'This account has no inbox: it is not linked to a resident.',
} as const;

/**
 * Everything under `/api/me/...` (family, inbox, relief applications, notice settings, access
 * log) acts for the registered person behind the account; an account without one is refused.
 */
export function requireResident(
  user: SessionUser | null,
  refusal: string = NOT_A_RESIDENT.person,
): ResidentUser {
  if (!user?.residentId) throw forbidden(refusal);
  return { user, residentId: user.residentId };
}

/**
 * The same rule where nothing is refused but nothing is offered either: a socket of an account
 * without a registered person gets no inbox handlers and joins no family rooms.
 */
export function residentOf(user: SessionUser | null): ResidentUser | null {
  return user?.residentId ? { user, residentId: user.residentId } : null;
}
