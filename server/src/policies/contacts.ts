import type { SessionUser } from '../modules/auth/auth.types.js';
import { NOT_A_RESIDENT, requireResident, type ResidentUser } from './residents.js';

/**
 * E-mail addresses and mobile numbers are read and changed by the person only: every route acts on
 * the signed-in resident's own, and none takes another person's id. Staff and HQ never see them
 * through the API, not even with a purpose: the server reads them itself to send warnings
 * (contacts/contact-addresses.ts).
 */
export function assertMayManageOwnContacts(user: SessionUser | null): ResidentUser {
  return requireResident(user, NOT_A_RESIDENT.resident);
}
