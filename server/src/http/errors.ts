import type { ErrorId } from '@contract/errors.js';

/**
 * Errors with a stable machine-readable id and a human message. Clients see
 * `{ "error": { "id", "message", "details"? } }` and never a stack trace.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: ErrorId,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (id: ErrorId, message: string, details?: unknown) =>
  new AppError(400, id, message, details);
export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You may not do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (id: ErrorId, message: string) => new AppError(409, id, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
  });

export type { ErrorBody, ErrorId } from '@contract/errors.js';
