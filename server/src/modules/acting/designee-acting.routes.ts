import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { requireResident } from '../../policies/index.js';
import { presentInboxEntry } from '../inbox/inbox.present.js';
import type { ReliefService } from '../relief/relief.service.js';
import { designationIdParams } from '@contract/family/family.schema.js';
import { inboxListQuery, inboxPageSchema } from '@contract/inbox/inbox.schema.js';
import {
  actForMeBody,
  actingForList,
  subjectApplicationParams,
  subjectParams,
} from '@contract/acting/acting.schema.js';
import { actingApplicationRoutes } from './acting-applications.routes.js';
import type { DesigneeActingService } from './designee-acting.service.js';

const ok = z.object({ ok: z.literal(true) });

/** "Act for me": the person's permission, and what a designee holding it may do for them. */
export function designeeActingRoutes(
  api: ApiRouter,
  deps: { designees: DesigneeActingService; relief: ReliefService },
): void {
  const { designees, relief } = deps;

  api.route({
    method: 'put',
    path: '/me/designees/:designationId/act-for-me',
    summary: 'Allow (or stop allowing) an accepted designee to read my notices and apply for me',
    tags: ['family'],
    access: 'user',
    params: designationIdParams,
    body: actForMeBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      await designees.setActForMe(requireResident(user), params.designationId, body.allowed);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'get',
    path: '/me/acting-for',
    summary: 'The people who allowed me to act for them',
    tags: ['family'],
    access: 'user',
    response: actingForList,
    handler: async ({ user }) => ({
      people: (await designees.actingFor(requireResident(user))).map((row) => ({
        residentId: row.resident_id,
        familyName: row.family_name,
        givenName: row.given_name,
        since: row.since?.toISOString() ?? null,
      })),
    }),
  });

  api.route({
    method: 'get',
    path: '/me/acting-for/:residentId/notices',
    summary:
      'The notices and warnings in the inbox of a person who allowed me to act for them (in their access log)',
    tags: ['family'],
    access: 'user',
    params: subjectParams,
    query: inboxListQuery,
    response: inboxPageSchema,
    handler: async ({ user, params, query }) => {
      const page = await designees.notices(signedIn(user), params.residentId, query.after, query.limit);
      return { entries: page.rows.map(presentInboxEntry), last: page.last ?? query.after };
    },
  });

  actingApplicationRoutes(api, {
    base: '/me/acting-for/:residentId',
    tag: 'family',
    who: 'A designee allowed to act for the person',
    access: 'user',
    params: subjectParams,
    applicationParams: subjectApplicationParams,
    relief,
    applicant: (user, params, via) => designees.applicant(user, params.residentId, via),
  });
}
