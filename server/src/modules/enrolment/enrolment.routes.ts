import type { Config } from '../../config.js';
import { signedIn } from '../../http/access.js';
import { STAFF } from '../../policies/index.js';
import type { ApiRouter } from '../../http/route.js';
import { SESSION_COOKIE } from '../auth/auth.middleware.js';
import { cookieOptions, presentSession } from '../auth/auth.routes.js';
import type { AuthService } from '../auth/auth.service.js';
import { z } from 'zod';
import {
  claimBody,
  claimResponse,
  codeIdParams,
  enrolmentStatus,
  issueBody,
  issuedCode,
  residentParams,
  shelterQuery,
  startBody,
  startResponse,
} from '@contract/enrolment/enrolment.schema.js';
import type { EnrolmentService } from './enrolment.service.js';
import { enrolmentUrl, qrDataUrl } from './enrolment-qr.js';
import { portalBaseFor, relyingPartyFor } from './relying-party.js';

export function enrolmentRoutes(
  api: ApiRouter,
  deps: { enrolment: EnrolmentService; auth: AuthService; config: Config; publicBaseUrl: string | undefined },
): void {
  const { enrolment, auth, config, publicBaseUrl } = deps;

  api.route({
    method: 'post',
    path: '/enrolment/codes',
    summary: "Issue an enrolment code for a registry person (revokes the person's previous code)",
    tags: ['enrolment'],
    access: STAFF,
    body: issueBody,
    response: issuedCode,
    successStatus: 201,
    handler: async ({ req, user, body }) => {
      const issued = await enrolment.issue(signedIn(user), body);
      const portalUrl = enrolmentUrl(portalBaseFor(publicBaseUrl, req), issued.code);
      return {
        codeId: issued.codeId,
        code: issued.code,
        expiresAt: issued.expiresAt.toISOString(),
        recovery: issued.recovery,
        displayName: issued.displayName,
        portalUrl,
        qrCode: await qrDataUrl(portalUrl),
      };
    },
  });

  api.route({
    method: 'post',
    path: '/enrolment/codes/:codeId/revoke',
    summary: 'Revoke an open enrolment code',
    tags: ['enrolment'],
    access: STAFF,
    params: codeIdParams,
    body: shelterQuery,
    response: z.null(),
    successStatus: 204,
    handler: async ({ user, params, body }) => {
      await enrolment.revoke(signedIn(user), { codeId: params.codeId, shelterId: body.shelterId });
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/enrolment/people/:residentId',
    summary: 'Whether a person has an account, and their open enrolment code',
    tags: ['enrolment'],
    access: STAFF,
    params: residentParams,
    query: shelterQuery,
    response: enrolmentStatus,
    handler: async ({ user, params, query }) => {
      const status = await enrolment.status(signedIn(user), { ...params, shelterId: query.shelterId });
      const open = status.openCode;
      return {
        enrolled: status.enrolled,
        openCode: open && {
          id: open.id,
          recovery: open.purpose === 'recovery',
          issuedAt: open.issued_at.toISOString(),
          expiresAt: open.expires_at.toISOString(),
        },
      };
    },
  });

  api.route({
    method: 'post',
    path: '/enrolment/start',
    summary: 'Check an enrolment code and birth date; the passkey options for claiming it',
    tags: ['enrolment'],
    access: 'public',
    body: startBody,
    response: startResponse,
    handler: ({ req, body }) =>
      enrolment.start(body, req.ip ?? 'unknown', relyingPartyFor(publicBaseUrl, req)),
  });

  api.route({
    method: 'post',
    path: '/enrolment/claim',
    summary: 'Claim an enrolment code: create (or recover) the account with a passkey and/or a password',
    tags: ['enrolment'],
    access: 'public',
    body: claimBody,
    response: claimResponse,
    successStatus: 201,
    handler: async ({ req, res, body, user: previous }) => {
      const claimed = await enrolment.claim(body, req.ip ?? 'unknown', relyingPartyFor(publicBaseUrl, req));
      const { sessionId, user } = await auth.openSession(claimed.userId);
      if (previous && previous.id !== claimed.userId) await auth.logout(previous);
      res.cookie(SESSION_COOKIE, sessionId, cookieOptions(config, req));
      return { ...presentSession(user), recovered: claimed.recovered, username: claimed.username };
    },
  });
}
