/** Error ids the client knows how to explain; the server may send others, shown as `unknown`. */
export type ApiErrorId =
  | 'invalid_credentials'
  | 'rate_limited'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'network'
  | 'unknown'
  | (string & {});

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
