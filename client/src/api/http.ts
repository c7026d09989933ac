import type { ErrorId } from '@contract/errors';
import { ApiError, networkError, parseApiError, type ClientErrorId } from './errors';

export { ApiError } from './errors';

let csrfToken: string | null = null;

/** The session's CSRF token, handed out by login and /api/me; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests that do not go through `request` (streamed file uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Extra headers, e.g. a kiosk's `Authorization: Bearer <device key>`. */
  headers?: Record<string, string>;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Calls the JSON API with the session cookie. The response type is the caller's promise about the
 * server contract; failures always throw an ApiError so callers handle one error shape.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw networkError(cause);
  }

  const body = await readBody(response);
  if (!response.ok) throw parseApiError(response.status, body);
  return body as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
};

/** `id` is typed, so checking for an id the server never sends fails the type check. */
export function isApiError(error: unknown, id?: ErrorId | ClientErrorId): error is ApiError {
  return error instanceof ApiError && (id === undefined || error.id === id);
}
