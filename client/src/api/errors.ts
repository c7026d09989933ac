import type { ErrorId } from '@contract/errors';

/** Ids the API layer gives failures the server did not explain: unreachable, or an unexpected answer. */
export type ClientErrorId = 'network' | 'unknown';

/** The server's ids (the contract's ErrorId) and the client's own; a newer server may send others. */
export type ApiErrorId = ErrorId | ClientErrorId | (string & {});

/** A failed request: `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: ApiErrorId,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns an error response body into an ApiError. Proxies and crashed servers answer with HTML or
 * nothing at all, so anything that is not the documented `{ error: { id, message } }` shape still
 * becomes a usable error.
 */
export function parseApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.id === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.id;
    return new ApiError(status, error.id, message, error.details);
  }
  return new ApiError(status, 'unknown', `HTTP ${status}`);
}

export function networkError(cause: unknown): ApiError {
  const message = cause instanceof Error ? cause.message : 'Network error';
  return new ApiError(0, 'network', message);
}
