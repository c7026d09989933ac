import type { CookieOptions, Request } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { ApiRouter } from '../../http/route.js';
import { SESSION_COOKIE } from './auth.middleware.js';
import { loginBody, sessionResponse } from '@contract/auth/auth.schema.js';
import type { AuthService } from './auth.service.js';
import type { SessionUser } from './auth.types.js';

export function presentSession(user: SessionUser): z.input<typeof sessionResponse> {
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      residentId: user.residentId,
      shelterIds: user.shelterIds,
    },
    csrfToken: user.csrfToken,
  };
}

export function cookieOptions(config: Config, req: Request): CookieOptions {
  const secure = config.COOKIE_SECURE === 'auto' ? req.secure : config.COOKIE_SECURE === 'true';
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: config.SESSION_MAX_HOURS * 3_600_000,
  };
}

export function authRoutes(api: ApiRouter, auth: AuthService, config: Config): void {
  api.route({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with username and password; sets the session cookie',
    tags: ['auth'],
    access: 'public',
    body: loginBody,
    response: sessionResponse,
    handler: async ({ req, res, body, user: previous }) => {
      const { sessionId, user } = await auth.login(body.username, body.password, req.ip ?? 'unknown');
      // A new session id on every sign-in, and the one the browser held before ends: a session id
      // planted before sign-in (fixation) is worth nothing after it.
      if (previous) await auth.logout(previous);
      res.cookie(SESSION_COOKIE, sessionId, cookieOptions(config, req));
      return presentSession(user);
    },
  });

  api.route({
    method: 'post',
    path: '/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    access: 'user',
    response: z.null(),
    successStatus: 204,
    handler: async ({ req, res, user }) => {
      if (user) await auth.logout(user);
      const { maxAge: _maxAge, ...options } = cookieOptions(config, req);
      res.clearCookie(SESSION_COOKIE, options);
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/me',
    summary: 'The signed-in user and the CSRF token for writes',
    tags: ['auth'],
    access: 'user',
    response: sessionResponse,
    handler: ({ user }) => Promise.resolve(user ? presentSession(user) : undefined),
  });
}
