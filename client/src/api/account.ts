import { api } from './http';

interface EndedSessions {
  endedSessions: number;
}

/** Changes the password; the server ends every other session of the account. */
export function changePassword(currentPassword: string, newPassword: string): Promise<EndedSessions> {
  return api.post<EndedSessions>('/api/me/password', { currentPassword, newPassword });
}

/** Ends every session of the account, this one included. */
export function logoutEverywhere(): Promise<EndedSessions> {
  return api.post<EndedSessions>('/api/auth/logout-everywhere');
}

/**
 * Fired when something says this browser's session may have ended elsewhere (the server's
 * `session:expired` on a socket): the session provider checks with the server and, if the session
 * is gone, shows the sign-in page instead of pages that can no longer load anything.
 */
export const SESSION_CHECK_EVENT = 'hinan:session-check';

export function requestSessionCheck(): void {
  window.dispatchEvent(new Event(SESSION_CHECK_EVENT));
}
