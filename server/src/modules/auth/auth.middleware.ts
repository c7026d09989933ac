import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../http/errors.js';
import type { AuthService } from './auth.service.js';
import { csrfTokensMatch } from './auth.service.js';
import type { SessionUser } from './auth.types.js';

export const SESSION_COOKIE = 'sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionIdFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookies(header)[SESSION_COOKIE];
}

/** The signed-in user of a request (null: nobody), looked up on first call. */
export type SessionUserLookup = () => Promise<SessionUser | null>;

/**
 * Puts the session's user lookup in `res.locals.sessionUser`, and refuses cookie-authenticated
 * writes that do not carry the session's CSRF token (synchroniser token pattern). For reads the
 * lookup runs only when the route asks for the user, so a route that resolves the session in its
 * own statement (the family list) spends one database round trip per request, not two.
 */
export function sessionMiddleware(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const sessionId = sessionIdFromCookieHeader(req.headers.cookie);
    if (SAFE_METHODS.has(req.method)) {
      let user: Promise<SessionUser | null> | undefined;
      res.locals.sessionUser = (() => (user ??= auth.resolve(sessionId))) satisfies SessionUserLookup;
      next();
      return;
    }
    const user = await auth.resolve(sessionId);
    if (user && !csrfTokensMatch(user.csrfToken, req.get('x-csrf-token'))) {
      throw new AppError(403, 'csrf_token_invalid', 'Missing or wrong X-CSRF-Token header.');
    }
    res.locals.sessionUser = (() => Promise.resolve(user)) satisfies SessionUserLookup;
    next();
  };
}
