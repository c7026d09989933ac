import { z } from 'zod';
import type { Config } from '../../config.js';
import type { ApiRouter } from '../../http/route.js';
import { signedIn } from '../../http/access.js';
import { assertMayChangeSignIn } from '../../policies/index.js';
import { SESSION_COOKIE } from '../auth/auth.middleware.js';
import { cookieOptions, presentSession } from '../auth/auth.routes.js';
import { sessionResponse } from '@contract/auth/auth.schema.js';
import type { AuthService } from '../auth/auth.service.js';
import {
  authenticationResponse,
  ceremonyOptions,
  passkeySchema,
  registrationResponse,
} from '@contract/enrolment/passkey.schema.js';
import type { PasskeyService } from './passkeys.service.js';
import { relyingPartyFor } from './relying-party.js';

const passkeyList = z.object({ passkeys: z.array(passkeySchema) });
const passkeyParams = z.strictObject({ credentialId: z.string().regex(/^[A-Za-z0-9_-]{16,1400}$/) });

/** Sign-in with a passkey (no username: the browser offers the passkeys it holds for this site). */
export function passkeyRoutes(
  api: ApiRouter,
  deps: { passkeys: PasskeyService; auth: AuthService; config: Config; publicBaseUrl: string | undefined },
): void {
  const { passkeys, auth, config, publicBaseUrl } = deps;

  api.route({
    method: 'post',
    path: '/auth/passkey/options',
    summary: 'Start signing in with a passkey: the challenge to sign',
    tags: ['auth'],
    access: 'public',
    response: ceremonyOptions,
    handler: ({ req }) => passkeys.signInOptions(req.ip ?? 'unknown', relyingPartyFor(publicBaseUrl, req)),
  });

  api.route({
    method: 'post',
    path: '/auth/passkey',
    summary: 'Sign in with a passkey; sets the session cookie',
    tags: ['auth'],
    access: 'public',
    body: z.strictObject({ response: authenticationResponse }),
    response: sessionResponse,
    handler: async ({ req, res, body, user: previous }) => {
      const userId = await passkeys.signIn(body.response, relyingPartyFor(publicBaseUrl, req));
      const { sessionId, user } = await auth.openSession(userId);
      // As with a password: a new session id, and the one the browser held before ends.
      if (previous) await auth.logout(previous);
      res.cookie(SESSION_COOKIE, sessionId, cookieOptions(config, req));
      return presentSession(user);
    },
  });

  api.route({
    method: 'get',
    path: '/me/passkeys',
    summary: "The account's passkeys",
    tags: ['auth'],
    access: 'user',
    response: passkeyList,
    handler: async ({ user }) => ({ passkeys: await passkeys.list(signedIn(user)) }),
  });

  api.route({
    method: 'post',
    path: '/me/passkeys/options',
    summary: 'Start adding a passkey to the account',
    tags: ['auth'],
    access: 'user',
    response: ceremonyOptions,
    handler: ({ req, user }) =>
      passkeys.addOptions(assertMayChangeSignIn(user), relyingPartyFor(publicBaseUrl, req)),
  });

  api.route({
    method: 'post',
    path: '/me/passkeys',
    summary: 'Add a passkey to the account',
    tags: ['auth'],
    access: 'user',
    body: z.strictObject({ response: registrationResponse }),
    response: passkeyList,
    successStatus: 201,
    handler: async ({ req, user, body }) => ({
      passkeys: await passkeys.add(
        assertMayChangeSignIn(user),
        body.response,
        relyingPartyFor(publicBaseUrl, req),
      ),
    }),
  });

  api.route({
    method: 'delete',
    path: '/me/passkeys/:credentialId',
    summary: 'Remove a passkey (not the last way into the account)',
    tags: ['auth'],
    access: 'user',
    params: passkeyParams,
    response: z.null(),
    successStatus: 204,
    handler: async ({ user, params }) => {
      await passkeys.remove(assertMayChangeSignIn(user), params.credentialId);
      return undefined;
    },
  });
}
