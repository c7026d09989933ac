import { api, isApiError, setCsrfToken } from './http';
import type { z } from 'zod';
import type { meSchema, sessionResponse } from '@contract/auth/auth.schema';
import type { UserRole } from '@contract/auth/roles';

export type { UserRole };

export type Me = z.output<typeof meSchema>;

type SessionResponse = z.output<typeof sessionResponse>;

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
