import type { UserRole } from '@contract/auth/roles.js';

export { ROLES, type UserRole } from '@contract/auth/roles.js';

/** The signed-in user as the rest of the server sees it: ids and role, no personal data. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  residentId: string | null;
  shelterIds: string[];
  sessionIdHash: string;
  csrfToken: string;
  /**
   * Set for a session opened at a shelter kiosk with card and PIN: it may only do what a
   * resident does for themselves, never change how the account signs in.
   */
  kioskId: string | null;
}
