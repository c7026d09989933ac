import type { SessionUser } from '../modules/auth/auth.types.js';
import { NOT_A_RESIDENT, requireResident, type ResidentUser } from './residents.js';

/**
 * E-mail addresses and mobile numbers are read and changed by the person only. Staff and HQ never
 * see them through the API, not even with a purpose: the server reads them itself to send
 * warnings (contacts/contact-addresses.ts), and what went out is recorded per delivery.
 */
export function mayManageContactsOf(user: SessionUser, residentId: string): boolean {
  return user.residentId !== null && user.residentId === residentId;
}

/** The signed-in resident, for their own contact points; anyone else is refused. */
export function assertMayManageOwnContacts(user: SessionUser | null): ResidentUser {
  return requireResident(user, NOT_A_RESIDENT.resident);
}
