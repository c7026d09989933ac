import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { AppError, badRequest } from '../../http/errors.js';
import type { ApiRouter } from '../../http/route.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { assertMayChangeSignIn } from '../../policies/index.js';
import { endUserSockets } from '../../realtime/user-sockets.js';
import { deleteSessionsOfUser, updatePasswordHash } from './account.queries.js';
import { SESSION_COOKIE } from './auth.middleware.js';
import type { AuthService } from './auth.service.js';
import type { SessionUser } from './auth.types.js';
import { hashPassword, verifyPassword } from './password.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_PROBLEM_TEXT, passwordProblems } from './password-policy.js';

const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
});

const endedSessions = z.object({ endedSessions: z.int().nonnegative() });

function clearSessionCookie(config: Config, req: Request, res: Response): void {
  const secure = config.COOKIE_SECURE === 'auto' ? req.secure : config.COOKIE_SECURE === 'true';
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

function signedIn(user: SessionUser | null): SessionUser {
  if (!user) throw new AppError(401, 'unauthenticated', 'Sign in first.');
  return user;
}

/**
 * The account's own security: change the password (which ends every other session) and sign out
 * everywhere (every session, every socket).
 */
export function accountRoutes(
  api: ApiRouter,
  deps: { db: Database; io: RealtimeServer; config: Config; auth: AuthService },
): void {
  const { db, io, config, auth } = deps;

  api.route({
    method: 'post',
    path: '/me/password',
    summary: 'Change the password; every other session of the account ends',
    tags: ['auth'],
    access: 'user',
    body: changePasswordBody,
    response: endedSessions,
    handler: async ({ user, body }) => {
      const me = assertMayChangeSignIn(signedIn(user));
      const problems = passwordProblems(body.newPassword, { username: me.username });
      if (problems.length > 0) {
        throw badRequest(
          'weak_password',
          `Choose another password: ${problems.map((problem) => PASSWORD_PROBLEM_TEXT[problem]).join('; ')}.`,
          problems.map((problem) => ({ path: 'body.newPassword', problem })),
        );
      }
      const currentHash = await auth.verifyCurrentPassword(me, body.currentPassword);
      if (await verifyPassword(currentHash, body.newPassword)) {
        throw badRequest('same_password', 'Choose a password other than the current one.', [
          { path: 'body.newPassword', problem: 'same_password' },
        ]);
      }
      const newHash = await hashPassword(body.newPassword);
      const ended = await db.transaction(async (tx) => {
        await updatePasswordHash(tx, me.id, newHash);
        return deleteSessionsOfUser(tx, me.id, me.sessionIdHash);
      });
      // Only the sockets of the ended sessions go; this browser's own stay connected.
      auth.onSessionsEnded(ended);
      return { endedSessions: ended.length };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/logout-everywhere',
    summary: 'End every session of the account, on every device',
    tags: ['auth'],
    access: 'user',
    response: endedSessions,
    handler: async ({ req, res, user }) => {
      const me = assertMayChangeSignIn(signedIn(user));
      const ended = await deleteSessionsOfUser(db, me.id, null);
      endUserSockets(io, me.id);
      clearSessionCookie(config, req, res);
      return { endedSessions: ended.length };
    },
  });
}
