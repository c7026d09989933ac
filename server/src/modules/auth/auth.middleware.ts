import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../http/errors.js';
import type { AuthService } from './auth.service.js';
import { csrfTokensMatch } from './auth.service.js';

export const SESSION_COOKIE = 'sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionIdFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookies(header)[SESSION_COOKIE];
}

/**
 * Resolves the session cookie into `res.locals.user`, and refuses cookie-authenticated writes
 * that do not carry the session's CSRF token (synchroniser token pattern).
 */
export function sessionMiddleware(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = await auth.resolve(sessionIdFromCookieHeader(req.headers.cookie));
    res.locals.user = user;
    if (user && !SAFE_METHODS.has(req.method) && !csrfTokensMatch(user.csrfToken, req.get('x-csrf-token'))) {
      throw new AppError(403, 'csrf_token_invalid', 'Missing or wrong X-CSRF-Token header.');
    }
    next();
  };
}
