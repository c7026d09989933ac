import { forbidden } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';

export interface ResidentUser {
  user: SessionUser;
  residentId: string;
}

/** The `/api/me/...` family routes act for the registered person behind the account. */
export function requireResident(user: SessionUser | null): ResidentUser {
  if (!user?.residentId) throw forbidden('This account is not linked to a registered person.');
  return { user, residentId: user.residentId };
}
