import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { Access, ApiRouter } from '../../http/route.js';
import type { SessionUser } from '../auth/auth.types.js';
import { presentDetail, presentSummary } from '../relief/relief.presenters.js';
import type { Applicant, ReliefService } from '../relief/relief.service.js';
import {
  answersBody,
  applicationDetailSchema,
  applicationSummarySchema,
  createBody,
  submitBody,
} from '@contract/relief/relief.schema.js';
import { nextStates } from '@contract/relief/relief.states.js';

const ok = z.object({ ok: z.literal(true) });

/**
 * The application routes of someone acting for a person (代理), under `base`: the list, a new
 * draft, one application, its answers and submitting it. The same relief service as the
 * person's own portal; `applicant` turns the route's parameters into whom it acts for, or
 * refuses. Withdrawing stays the person's own decision.
 */
export function actingApplicationRoutes<P extends z.ZodType, PA extends z.ZodType>(
  api: ApiRouter,
  options: {
    base: string;
    tag: string;
    who: string;
    access: Access;
    params: P;
    applicationParams: PA;
    relief: ReliefService;
    applicant: (user: SessionUser, params: z.output<P>, via: string) => Promise<Applicant>;
  },
): void {
  const { base, relief, applicant } = options;
  const via = (method: string, path: string) => `${method} /api${base}${path}`;
  const common = { tags: [options.tag], access: options.access };

  api.route({
    ...common,
    method: 'get',
    path: `${base}/applications`,
    summary: `${options.who}: the person's applications (logged as an act for them)`,
    params: options.params,
    response: z.object({ applications: z.array(applicationSummarySchema) }),
    handler: async ({ user, params }) => {
      const who = await applicant(signedIn(user), params, via('GET', '/applications'));
      return { applications: (await relief.mine(who)).map(presentSummary) };
    },
  });

  api.route({
    ...common,
    method: 'post',
    path: `${base}/applications`,
    summary: `${options.who}: start an application for the person (logged)`,
    params: options.params,
    body: createBody,
    successStatus: 201,
    response: applicationSummarySchema,
    handler: async ({ user, params, body }) => {
      const who = await applicant(signedIn(user), params, via('POST', '/applications'));
      return presentSummary(await relief.create(who, body.programmeCode));
    },
  });

  api.route({
    ...common,
    method: 'get',
    path: `${base}/applications/:id`,
    summary: `${options.who}: one of the person's applications (logged)`,
    params: options.applicationParams,
    response: applicationDetailSchema,
    handler: async ({ user, params }) => {
      const { id, ...rest } = params as { id: string } & z.output<P>;
      const who = await applicant(signedIn(user), rest as z.output<P>, via('GET', '/applications/:id'));
      const detail = await relief.ownDetail(who, id);
      // Withdrawing is the person's own decision: never offered to someone acting for them.
      const steps = nextStates(detail.application.state, 'resident').filter((s) => s !== 'withdrawn');
      return presentDetail(detail, steps);
    },
  });

  api.route({
    ...common,
    method: 'put',
    path: `${base}/applications/:id/answers`,
    summary: `${options.who}: save the answers of the person's draft (logged)`,
    params: options.applicationParams,
    body: answersBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      const { id, ...rest } = params as { id: string } & z.output<P>;
      const who = await applicant(
        signedIn(user),
        rest as z.output<P>,
        via('PUT', '/applications/:id/answers'),
      );
      await relief.saveDraft(who, id, body.answers);
      return { ok: true as const };
    },
  });

  api.route({
    ...common,
    method: 'post',
    path: `${base}/applications/:id/submit`,
    summary: `${options.who}: submit the person's application; its history says for whom and by whom (logged)`,
    params: options.applicationParams,
    body: submitBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      const { id, ...rest } = params as { id: string } & z.output<P>;
      const who = await applicant(
        signedIn(user),
        rest as z.output<P>,
        via('POST', '/applications/:id/submit'),
      );
      await relief.submit(who, id, body.answers);
      return { ok: true as const };
    },
  });
}
