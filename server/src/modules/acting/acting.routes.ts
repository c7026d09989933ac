import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { STAFF } from '../../policies/index.js';
import type { ReliefService } from '../relief/relief.service.js';
import { familyReportBody, reportResult } from '@contract/family/family.schema.js';
import {
  actingSessionSchema,
  currentActingSession,
  paperReceivedBody,
  sessionApplicationParams,
  sessionParams,
  startActingBody,
} from '@contract/acting/acting.schema.js';
import { paperOriginalSchema } from '@contract/relief/relief.schema.js';
import { actingApplicationRoutes } from './acting-applications.routes.js';
import { presentActingSession, type ActingService } from './acting.service.js';

const ok = z.object({ ok: z.literal(true) });

/** Staff acting for a resident who asks them (代理): the session, and what it allows. */
export function actingRoutes(api: ApiRouter, deps: { acting: ActingService; relief: ReliefService }): void {
  const { acting, relief } = deps;

  api.route({
    method: 'post',
    path: '/acting/sessions',
    summary:
      "Start acting for a person with their consent and a reason (ends my previous session; in the person's access log)",
    tags: ['acting'],
    access: STAFF,
    body: startActingBody,
    successStatus: 201,
    response: actingSessionSchema,
    handler: async ({ user, body }) => presentActingSession(await acting.start(signedIn(user), body)),
  });

  api.route({
    method: 'get',
    path: '/acting/sessions/current',
    summary: 'My open acting session, if any',
    tags: ['acting'],
    access: STAFF,
    response: currentActingSession,
    handler: async ({ user }) => {
      const session = await acting.current(signedIn(user));
      return { session: session ? presentActingSession(session) : null };
    },
  });

  api.route({
    method: 'post',
    path: '/acting/sessions/:sessionId/end',
    summary: 'End my acting session',
    tags: ['acting'],
    access: STAFF,
    params: sessionParams,
    response: ok,
    handler: async ({ user, params }) => {
      await acting.end(signedIn(user), params.sessionId);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'post',
    path: '/acting/sessions/:sessionId/report',
    summary:
      "Report the person's safety or place for them (recorded as staff; logged with the session's reason)",
    tags: ['acting'],
    access: STAFF,
    params: sessionParams,
    body: familyReportBody,
    response: reportResult,
    handler: ({ user, params, body }) => acting.report(signedIn(user), params.sessionId, body),
  });

  actingApplicationRoutes(api, {
    base: '/acting/sessions/:sessionId',
    tag: 'acting',
    who: 'Staff acting for a person',
    access: STAFF,
    params: sessionParams,
    applicationParams: sessionApplicationParams,
    relief,
    applicant: (user, params, via) => acting.applicant(user, params.sessionId, via),
  });

  api.route({
    method: 'post',
    path: '/acting/sessions/:sessionId/applications/:id/paper-originals',
    summary:
      'Record that the paper original for an attachment slot was handed in (it stands for an upload; logged)',
    tags: ['acting'],
    access: STAFF,
    params: sessionApplicationParams,
    body: paperReceivedBody,
    successStatus: 201,
    response: paperOriginalSchema,
    handler: async ({ user, params, body }) => {
      const who = await acting.applicant(
        signedIn(user),
        params.sessionId,
        'POST /api/acting/sessions/:sessionId/applications/:id/paper-originals',
      );
      const row = await relief.recordPaperOriginal(who, params.id, {
        slot: body.slot,
        note: body.note ?? null,
      });
      return { slot: row.slot, note: row.note, receivedAt: row.received_at.toISOString() };
    },
  });
}
