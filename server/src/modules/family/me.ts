import { forbidden } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';

export interface ResidentUser {
  user: SessionUser;
  residentId: string;
}

export const NOT_A_RESIDENT = 'This account is not linked to a registered person.';

/** The `/api/me/...` family routes act for the registered person behind the account. */
export function requireResident(user: SessionUser | null): ResidentUser {
  if (!user?.residentId) throw forbidden(NOT_A_RESIDENT);
  return { user, residentId: user.residentId };
}
