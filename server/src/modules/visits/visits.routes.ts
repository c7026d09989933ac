import { z } from 'zod';
import type { ApiRouter } from '../../http/route.js';
import { HQ } from '../../policies/index.js';
import { VISITORS } from '../../policies/visits.js';
import type { SessionUser } from '../auth/auth.types.js';
import { alertIdParams } from '@contract/alerts/alerts.schema.js';
import {
  assignBody,
  assigneesResponse,
  assignResponse,
  hqTasksResponse,
  myTasksResponse,
  openTasksBody,
  openTasksResponse,
  outcomeBody,
  routeQuery,
  taskIdParams,
  unreachedHeatQuery,
  unreachedHeatResponse,
  unreachedQuery,
  unreachedResponse,
} from '@contract/visits/visits.schema.js';
import type { VisitService } from './visits.service.js';

const signedIn = (user: SessionUser | null) => user as SessionUser;
const ok = z.object({ ok: z.literal(true) });

export function visitRoutes(api: ApiRouter, visits: VisitService): void {
  api.route({
    method: 'get',
    path: '/alerts/:id/unreached',
    summary: 'HQ: people a warning did not reach (no delivery, read or answer), those needing care first',
    tags: ['visits'],
    access: HQ,
    params: alertIdParams,
    query: unreachedQuery,
    response: unreachedResponse,
    handler: ({ user, params, query }) => visits.unreached(signedIn(user), params.id, query),
  });

  api.route({
    method: 'get',
    path: '/alerts/:id/unreached/heat',
    summary: 'HQ: the unreached of a warning counted per grid cell of their homes (GeoJSON, counts only)',
    tags: ['visits'],
    access: HQ,
    params: alertIdParams,
    query: unreachedHeatQuery,
    response: unreachedHeatResponse,
    handler: ({ params, query }) => visits.unreachedHeat(params.id, query),
  });

  api.route({
    method: 'post',
    path: '/alerts/:id/visit-tasks',
    summary: 'HQ: open visit tasks for people of a warning (idempotent: one open task per person)',
    tags: ['visits'],
    access: HQ,
    params: alertIdParams,
    body: openTasksBody,
    response: openTasksResponse,
    handler: ({ user, params, body }) => visits.openByHand(signedIn(user), params.id, body.residentIds),
  });

  api.route({
    method: 'get',
    path: '/alerts/:id/visit-tasks',
    summary: "HQ: a warning's visit tasks with their assignee and outcome, open ones first",
    tags: ['visits'],
    access: HQ,
    params: alertIdParams,
    response: hqTasksResponse,
    handler: async ({ user, params }) => ({ tasks: await visits.alertTasks(signedIn(user), params.id) }),
  });

  api.route({
    method: 'get',
    path: '/visit-tasks/assignees',
    summary: 'HQ: accounts that can be sent on visits (shelter staff, community supporters, HQ)',
    tags: ['visits'],
    access: HQ,
    response: assigneesResponse,
    handler: async () => ({ assignees: await visits.assignees() }),
  });

  api.route({
    method: 'post',
    path: '/visit-tasks/assign',
    summary: 'HQ: assign open tasks to a visitor (a supporter only within their area)',
    tags: ['visits'],
    access: HQ,
    body: assignBody,
    response: assignResponse,
    handler: ({ user, body }) => visits.assign(signedIn(user), body.taskIds, body.assigneeId),
  });

  api.route({
    method: 'post',
    path: '/visit-tasks/:taskId/cancel',
    summary: 'HQ: cancel an open visit task',
    tags: ['visits'],
    access: HQ,
    params: taskIdParams,
    response: ok,
    handler: async ({ user, params }) => {
      await visits.cancel(signedIn(user), params.taskId);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'get',
    path: '/me/visit-tasks',
    summary: 'My visit list: tasks assigned to me (open, and closed in the last day)',
    tags: ['visits'],
    access: VISITORS,
    response: myTasksResponse,
    handler: async ({ user }) => ({ tasks: await visits.myTasks(signedIn(user)) }),
  });

  api.route({
    method: 'get',
    path: '/me/visit-tasks/route.pdf',
    summary: 'My open visits as a printable route list (A4 PDF), nearest first from the start point',
    tags: ['visits'],
    access: VISITORS,
    query: routeQuery,
    response: z.string(),
    responseContentType: 'application/pdf',
    handler: async ({ user, query, res }) => {
      const start =
        query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : null;
      const pdf = await visits.routeList(signedIn(user), start);
      res.setHeader('Content-Disposition', 'attachment; filename="visit-route.pdf"');
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).type('application/pdf').end(pdf);
      return undefined;
    },
  });

  api.route({
    method: 'post',
    path: '/visit-tasks/:taskId/outcome',
    summary: 'Record what a visit found (the assignee or HQ); closes the task',
    tags: ['visits'],
    access: VISITORS,
    params: taskIdParams,
    body: outcomeBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      await visits.recordOutcome(signedIn(user), params.taskId, {
        outcome: body.outcome,
        note: body.note || null,
      });
      return { ok: true as const };
    },
  });
}
