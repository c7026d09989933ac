import type { SessionUser } from '../modules/auth/auth.types.js';
import type { Role } from './route.js';

/** Shelter staff, HQ and admins: everyone who works with shelters, readers and people. */
export const STAFF = ['shelter_staff', 'hq_operator', 'admin'] as const satisfies readonly Role[];

/** The user of a route whose access is not 'public': the router has refused anyone else already. */
export const signedIn = (user: SessionUser | null) => user as SessionUser;
