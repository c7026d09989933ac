import type { Request } from 'express';
import type { Config } from '../../config.js';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { assertMayChangeSignIn, requireResident, RESIDENT, STAFF } from '../../policies/index.js';
import { sessionResponse } from '@contract/auth/auth.schema.js';
import {
  kioskDeviceSchema,
  kioskHelpBody,
  kioskHelpQuery,
  kioskPersonStatus,
  kioskPinStatus,
  kioskResidentParams,
  kioskSignInBody,
  setKioskPinBody,
} from '@contract/kiosk/kiosk.schema.js';
import { SESSION_COOKIE } from '../auth/auth.middleware.js';
import { cookieOptions, presentSession } from '../auth/auth.routes.js';
import type { AuthService } from '../auth/auth.service.js';
import type { KioskSignInService } from './kiosk-sign-in.service.js';
import type { KioskService } from './kiosks.service.js';

/** The kiosk's device key, sent by the kiosk page as `Authorization: Bearer <key>`. */
const bearerKey = (req: Request) => /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];

/** The kiosk page (device key), the resident's PIN, and staff helping with PINs and locked cards. */
export function kioskSignInRoutes(
  api: ApiRouter,
  deps: { kiosks: KioskService; signIns: KioskSignInService; auth: AuthService; config: Config },
): void {
  const { kiosks, signIns, auth, config } = deps;

  api.route({
    method: 'get',
    path: '/kiosk/device',
    summary: 'The kiosk a device key belongs to (`Authorization: Bearer <device key>`)',
    tags: ['kiosk'],
    access: 'public',
    response: kioskDeviceSchema,
    handler: async ({ req }) => {
      const kiosk = await kiosks.authenticate(bearerKey(req));
      return { name: kiosk.name, shelterName: kiosk.shelter_name, idleSeconds: config.KIOSK_IDLE_SECONDS };
    },
  });

  api.route({
    method: 'post',
    path: '/kiosk/sign-in',
    summary:
      'Sign a resident in at a kiosk with card UID + PIN (`Authorization: Bearer <device key>`); a short-lived kiosk session',
    tags: ['kiosk'],
    access: 'public',
    body: kioskSignInBody,
    response: sessionResponse,
    handler: async ({ req, res, body, user: previous }) => {
      const kiosk = await kiosks.authenticate(bearerKey(req));
      const userId = await signIns.signIn(kiosk, body.cardUid, body.pin);
      const { sessionId, user } = await auth.openSession(userId, {
        kioskId: kiosk.id,
        idleSeconds: config.KIOSK_IDLE_SECONDS,
      });
      // Whatever session the PC's browser held before ends: one person at a time.
      if (previous) await auth.logout(previous);
      // A browser-session cookie (no Max-Age): closing the browser drops it too.
      const { maxAge: _persistent, ...options } = cookieOptions(config, req);
      res.cookie(SESSION_COOKIE, sessionId, options);
      return presentSession(user);
    },
  });

  api.route({
    method: 'get',
    path: '/me/kiosk-pin',
    summary: 'Whether the account has a kiosk PIN',
    tags: ['kiosk'],
    access: RESIDENT,
    response: kioskPinStatus,
    handler: async ({ user }) => ({ pinSet: await signIns.pinSet(requireResident(user).user) }),
  });

  api.route({
    method: 'put',
    path: '/me/kiosk-pin',
    summary: 'Set or change the PIN used with a card at shelter kiosks; open kiosk sessions end',
    tags: ['kiosk'],
    access: RESIDENT,
    body: setKioskPinBody,
    response: kioskPinStatus,
    handler: async ({ user, body }) => {
      const { user: me, residentId } = requireResident(user);
      assertMayChangeSignIn(me);
      await signIns.setPin(me, residentId, body.pin);
      return { pinSet: true };
    },
  });

  api.route({
    method: 'delete',
    path: '/me/kiosk-pin',
    summary: 'Remove the kiosk PIN: the card no longer signs in at kiosks',
    tags: ['kiosk'],
    access: RESIDENT,
    response: kioskPinStatus,
    handler: async ({ user }) => {
      const { user: me, residentId } = requireResident(user);
      assertMayChangeSignIn(me);
      await signIns.removePin(me, residentId);
      return { pinSet: false };
    },
  });

  api.route({
    method: 'get',
    path: '/kiosk/people/:residentId',
    summary: "A person's kiosk state for staff: account, PIN set, card locked",
    tags: ['kiosk'],
    access: STAFF,
    params: kioskResidentParams,
    query: kioskHelpQuery,
    response: kioskPersonStatus,
    handler: ({ user, params, query }) =>
      signIns.statusFor(signedIn(user), params.residentId, query.shelterId),
  });

  api.route({
    method: 'post',
    path: '/kiosk/people/:residentId/unlock',
    summary: "Unlock a person's cards for kiosk use after too many wrong PINs (identity checked; logged)",
    tags: ['kiosk'],
    access: STAFF,
    params: kioskResidentParams,
    body: kioskHelpBody,
    response: kioskPersonStatus,
    handler: ({ user, params, body }) => signIns.unlock(signedIn(user), params.residentId, body.shelterId),
  });

  api.route({
    method: 'post',
    path: '/kiosk/people/:residentId/reset-pin',
    summary: "Clear a person's forgotten kiosk PIN and unlock their cards (identity checked; logged)",
    tags: ['kiosk'],
    access: STAFF,
    params: kioskResidentParams,
    body: kioskHelpBody,
    response: kioskPersonStatus,
    handler: ({ user, params, body }) => signIns.resetPin(signedIn(user), params.residentId, body.shelterId),
  });
}
