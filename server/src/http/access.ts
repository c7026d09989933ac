import type { SessionUser } from '../modules/auth/auth.types.js';

/** The user of a route whose access is not 'public': the router has refused anyone else already. */
export const signedIn = (user: SessionUser | null) => user as SessionUser;
