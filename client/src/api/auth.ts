import { api, isApiError, setCsrfToken } from './http';

export type UserRole = 'resident' | 'shelter_staff' | 'hq_operator' | 'admin';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  residentId: string | null;
  shelterIds: string[];
}

interface SessionResponse {
  user: Me;
  csrfToken: string;
}

export async function login(username: string, password: string): Promise<Me> {
  const session = await api.post<SessionResponse>('/api/auth/login', { username, password });
  setCsrfToken(session.csrfToken);
  return session.user;
}

/** The current session, or null when nobody is signed in. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const session = await api.get<SessionResponse>('/api/me', { signal });
    setCsrfToken(session.csrfToken);
    return session.user;
  } catch (error) {
    if (isApiError(error, 'unauthenticated')) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}
