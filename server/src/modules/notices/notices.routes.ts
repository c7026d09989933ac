import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { RESIDENT, STAFF } from '../../policies/index.js';
import {
  composeNoticeBody,
  listNoticesQuery,
  noticeIdParams,
  noticeSchema,
  noticeSettingsBody,
  noticeSettingsSchema,
  previewNoticeBody,
  previewNoticeResponse,
  sendNoticeResponse,
} from '@contract/notices/notices.schema.js';
import { presentNotice, presentNoticeSettings } from './notices.presenter.js';
import type { NoticeService } from './notices.service.js';
import type { NoticeSettingsService } from './settings.service.js';

export function noticeRoutes(api: ApiRouter, notices: NoticeService, settings: NoticeSettingsService): void {
  api.route({
    method: 'post',
    path: '/notices/preview',
    summary:
      'Count the consenting residents a targeting filter reaches now; check draft texts for personal data (names against everyone living in the area; reads are access-logged)',
    tags: ['notices'],
    access: STAFF,
    body: previewNoticeBody,
    response: previewNoticeResponse,
    handler: ({ user, body }) => notices.preview(signedIn(user), body.targeting, body.texts),
  });

  api.route({
    method: 'post',
    path: '/notices',
    summary: 'Send a notice: one inbox entry per consenting targeted resident, pushed live',
    tags: ['notices'],
    access: STAFF,
    body: composeNoticeBody,
    response: sendNoticeResponse,
    successStatus: 201,
    handler: async ({ user, body }) => {
      const sent = await notices.send(body, signedIn(user).id);
      return { notice: presentNotice(sent.notice), targeted: sent.targeted, pushed: sent.pushed };
    },
  });

  api.route({
    method: 'get',
    path: '/notices',
    summary: 'Notices, newest first, with delivered and read counts',
    tags: ['notices'],
    access: STAFF,
    query: listNoticesQuery,
    response: z.object({ notices: z.array(noticeSchema) }),
    handler: async ({ query }) => ({ notices: (await notices.list(query.limit)).map(presentNotice) }),
  });

  api.route({
    method: 'get',
    path: '/notices/:id',
    summary: 'One notice with its delivered and read counts',
    tags: ['notices'],
    access: STAFF,
    params: noticeIdParams,
    response: noticeSchema,
    handler: async ({ params }) => presentNotice(await notices.get(params.id)),
  });

  api.route({
    method: 'get',
    path: '/me/notice-settings',
    summary: 'My consent to notices and where I live now',
    tags: ['notices'],
    access: RESIDENT,
    response: noticeSettingsSchema,
    handler: async ({ user }) => presentNoticeSettings(await settings.get(signedIn(user))),
  });

  api.route({
    method: 'put',
    path: '/me/notice-settings',
    summary: 'Set my consent to notices and where I live now (null: at my registered home)',
    tags: ['notices'],
    access: RESIDENT,
    body: noticeSettingsBody,
    response: noticeSettingsSchema,
    handler: async ({ user, body }) => presentNoticeSettings(await settings.save(signedIn(user), body)),
  });
}
