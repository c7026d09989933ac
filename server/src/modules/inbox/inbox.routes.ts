import { z } from 'zod';
import type { ApiRouter } from '../../http/route.js';
import type { SessionUser } from '../auth/auth.types.js';
import {
  inboxEntrySchema,
  inboxListQuery,
  inboxPageSchema,
  positionParams,
  respondBody,
} from '@contract/inbox/inbox.schema.js';
import { presentInboxEntry } from './inbox.present.js';
import type { InboxService } from './inbox.service.js';

const signedIn = (user: SessionUser | null) => user as SessionUser;

export function inboxRoutes(api: ApiRouter, inbox: InboxService): void {
  api.route({
    method: 'get',
    path: '/me/inbox',
    summary: 'My inbox after a position (catch-up after reconnect), oldest first',
    tags: ['inbox'],
    access: 'user',
    query: inboxListQuery,
    response: inboxPageSchema,
    handler: async ({ user, query }) => {
      const rows = await inbox.list(signedIn(user), query.after, query.limit);
      return { entries: rows.map(presentInboxEntry), last: rows[rows.length - 1]?.position ?? query.after };
    },
  });

  api.route({
    method: 'get',
    path: '/me/inbox/:position',
    summary: 'One inbox entry, with the warning area as GeoJSON for the small map',
    tags: ['inbox'],
    access: 'user',
    params: positionParams,
    response: z.object({
      entry: inboxEntrySchema,
      area: z
        .record(z.string(), z.unknown())
        .nullable()
        .meta({ description: 'GeoJSON MultiPolygon, simplified' }),
    }),
    handler: async ({ user, params }) => {
      const { entry, footprint } = await inbox.get(signedIn(user), params.position);
      return {
        entry: presentInboxEntry(entry),
        area: footprint ? (JSON.parse(footprint) as Record<string, unknown>) : null,
      };
    },
  });

  api.route({
    method: 'post',
    path: '/me/inbox/:position/delivered',
    summary: 'Acknowledge receipt of an inbox entry (idempotent)',
    tags: ['inbox'],
    access: 'user',
    params: positionParams,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ user, params }) => {
      await inbox.receipt(signedIn(user), { position: params.position }, false);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'post',
    path: '/me/inbox/:position/read',
    summary: 'Mark an inbox entry read (implies delivered; idempotent)',
    tags: ['inbox'],
    access: 'user',
    params: positionParams,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ user, params }) => {
      await inbox.receipt(signedIn(user), { position: params.position }, true);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'post',
    path: '/me/inbox/:position/respond',
    summary: 'Answer a warning: safe, need_help or evacuating (a later answer replaces the earlier one)',
    tags: ['inbox'],
    access: 'user',
    params: positionParams,
    body: respondBody,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ user, params, body }) => {
      await inbox.respond(signedIn(user), params.position, {
        response: body.response,
        note: body.note || null,
        location: body.location ?? null,
      });
      return { ok: true as const };
    },
  });
}
