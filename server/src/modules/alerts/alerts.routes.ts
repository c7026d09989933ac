import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { MAX_CAP_DOCUMENT_BYTES, parseCapXml } from '@geo/src/cap/cap.xml.js';
import { AppError } from '../../http/errors.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ } from '../../policies/index.js';
import type { SessionUser } from '../auth/auth.types.js';
import { capError } from './alerts.errors.js';
import {
  alertDetailSchema,
  alertIdParams,
  alertSummarySchema,
  assignBody,
  composeAlertBody,
  issueResponse,
  listAlertsQuery,
  needHelpParams,
  needHelpSchema,
  previewBody,
  previewResponse,
} from '@contract/alerts/alerts.schema.js';
import { presentAlert, presentAreas } from './alerts.present.js';
import type { AlertService } from './alerts.service.js';
import { atomFeed } from './atom.js';
import type { NeedHelpService } from './need-help.service.js';

const signedIn = (user: SessionUser | null) => user as SessionUser;
const CAP_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/** Mount before the JSON parser: `POST /api/alerts/cap` takes a CAP XML document (max 1 MB). */
export function capXmlBodyParser(): RequestHandler {
  return express.text({ type: CAP_TYPES, limit: MAX_CAP_DOCUMENT_BYTES });
}

/** `publicBaseUrl`: PUBLIC_BASE_URL, the start of every absolute link (never the Host header). */
export function alertRoutes(
  api: ApiRouter,
  alerts: AlertService,
  needHelp: NeedHelpService,
  publicBaseUrl: string,
): void {
  api.route({
    method: 'post',
    path: '/alerts/preview',
    summary: 'Count the people an area would target now (total and by home / shelter / live location)',
    tags: ['alerts'],
    access: HQ,
    body: previewBody,
    response: previewResponse,
    handler: ({ body }) => alerts.preview(body.area),
  });

  api.route({
    method: 'post',
    path: '/alerts',
    summary: 'Issue, update or cancel a warning composed as CAP 1.2 JSON (element names as in CAP)',
    tags: ['alerts'],
    access: HQ,
    body: composeAlertBody,
    response: issueResponse,
    successStatus: 201,
    handler: async ({ user, body }) => {
      const issued = await alerts.issue(body, 'composed', signedIn(user).id);
      return { alert: presentAlert(issued.alert), targeted: issued.targeted, pushed: issued.pushed };
    },
  });

  api.route({
    method: 'post',
    path: '/alerts/cap',
    summary:
      'Import a CAP 1.2 XML document (Content-Type application/cap+xml or application/xml, at most 1 MB; no DOCTYPE)',
    tags: ['alerts'],
    access: HQ,
    response: issueResponse,
    successStatus: 201,
    handler: async ({ req, user }) => {
      if (typeof req.body !== 'string') {
        throw new AppError(
          415,
          'unsupported_media_type',
          `Send the CAP document as ${CAP_TYPES.join(' or ')}.`,
        );
      }
      const parsed = parseCapXml(req.body);
      if ('error' in parsed)
        throw capError(parsed.error, parsed.problems, parsed.error === 'cap_too_large' ? 413 : 400);
      const issued = await alerts.issue(parsed.alert, 'imported', signedIn(user).id);
      return { alert: presentAlert(issued.alert), targeted: issued.targeted, pushed: issued.pushed };
    },
  });

  // Before /alerts/:id so "atom" is not taken for an id.
  api.route({
    method: 'get',
    path: '/alerts/atom',
    summary: 'Atom feed of active warnings, each linking to its CAP document',
    tags: ['alerts'],
    access: 'public',
    response: z.string(),
    responseContentType: 'application/atom+xml',
    handler: async () => {
      const active = (await alerts.list(true, 500)).filter((a) => a.scope === 'Public');
      return atomFeed(active, publicBaseUrl);
    },
  });

  api.route({
    method: 'get',
    path: '/alerts',
    summary: 'Warnings, newest first (active only by default)',
    tags: ['alerts'],
    access: HQ,
    query: listAlertsQuery,
    response: z.object({ alerts: z.array(alertSummarySchema) }),
    handler: async ({ query }) => ({
      alerts: (await alerts.list(query.active, query.limit)).map(presentAlert),
    }),
  });

  api.route({
    method: 'get',
    path: '/alerts/:id',
    summary: 'A warning with its CAP document, area footprints (GeoJSON) and receipt counts',
    tags: ['alerts'],
    access: HQ,
    params: alertIdParams,
    response: alertDetailSchema,
    handler: async ({ params }) => {
      const { alert, areas, stats } = await alerts.get(params.id);
      return {
        ...presentAlert(alert),
        cap: alert.document as unknown as Record<string, unknown>,
        areas: presentAreas(areas),
        stats: { ...stats, needHelp: stats.need_help },
      };
    },
  });

  api.route({
    method: 'get',
    path: '/alerts/:id/cap',
    summary: 'The warning as a CAP 1.2 XML document',
    tags: ['alerts'],
    access: 'public',
    params: alertIdParams,
    response: z.string(),
    responseContentType: 'application/cap+xml',
    handler: ({ params, user }) => alerts.capXml(params.id, user),
  });

  api.route({
    method: 'get',
    path: '/alerts/:id/need-help',
    summary: 'People who answered "need help", with a map location; open ones unless ?all=true',
    tags: ['alerts'],
    access: HQ,
    params: alertIdParams,
    query: z.strictObject({ all: z.enum(['true', 'false']).default('false') }),
    response: z.object({ needHelp: z.array(needHelpSchema) }),
    handler: async ({ user, params, query }) => ({
      needHelp: await needHelp.list(signedIn(user), params.id, query.all === 'true'),
    }),
  });

  api.route({
    method: 'post',
    path: '/alerts/:id/need-help/:position/assign',
    summary: 'Assign a need-help response to an HQ operator (default: yourself)',
    tags: ['alerts'],
    access: HQ,
    params: needHelpParams,
    body: assignBody,
    response: needHelpSchema,
    handler: ({ user, params, body }) =>
      needHelp.assign(signedIn(user), params.id, params.position, body.userId),
  });

  api.route({
    method: 'post',
    path: '/alerts/:id/need-help/:position/resolve',
    summary: 'Mark a need-help response as dealt with',
    tags: ['alerts'],
    access: HQ,
    params: needHelpParams,
    response: needHelpSchema,
    handler: ({ user, params }) => needHelp.resolve(signedIn(user), params.id, params.position),
  });
}
