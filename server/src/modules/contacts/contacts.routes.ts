import type { ApiRouter } from '../../http/route.js';
import { RESIDENT } from '../../policies/index.js';
import {
  confirmContactBody,
  contactChannelParams,
  contactConsentBody,
  contactPointSchema,
  contactSettingsSchema,
  setContactBody,
} from '@contract/contacts/contacts.schema.js';
import { z } from 'zod';
import type { ContactsService } from './contacts.service.js';

const tags = ['contacts'];

/** The resident's own e-mail address and mobile number for warnings, under /me/contacts. */
export function contactsRoutes(api: ApiRouter, contacts: ContactsService): void {
  api.route({
    method: 'get',
    path: '/me/contacts',
    summary: 'My e-mail address and mobile number for warnings, and which channels this system sends on',
    tags,
    access: RESIDENT,
    response: contactSettingsSchema,
    handler: ({ user }) => contacts.settings(user),
  });

  api.route({
    method: 'put',
    path: '/me/contacts/:channel',
    summary: 'Set the address of a channel; a six-digit code goes to it',
    tags,
    access: RESIDENT,
    params: contactChannelParams,
    body: setContactBody,
    response: contactPointSchema,
    handler: ({ user, params, body }) => contacts.setAddress(user, params.channel, body.address),
  });

  api.route({
    method: 'post',
    path: '/me/contacts/:channel/code',
    summary: 'Send a new code to the address (limited per person and per address)',
    tags,
    access: RESIDENT,
    params: contactChannelParams,
    response: contactPointSchema,
    handler: ({ user, params }) => contacts.resendCode(user, params.channel),
  });

  api.route({
    method: 'post',
    path: '/me/contacts/:channel/verify',
    summary: 'Confirm the address with the code it received',
    tags,
    access: RESIDENT,
    params: contactChannelParams,
    body: confirmContactBody,
    response: contactPointSchema,
    handler: ({ user, params, body }) => contacts.verify(user, params.channel, body.code),
  });

  api.route({
    method: 'put',
    path: '/me/contacts/:channel/consent',
    summary: 'Give (with the consent text version shown) or withdraw consent to warnings on a channel',
    tags,
    access: RESIDENT,
    params: contactChannelParams,
    body: contactConsentBody,
    response: contactPointSchema,
    handler: ({ user, params, body }) => contacts.setConsent(user, params.channel, body),
  });

  api.route({
    method: 'delete',
    path: '/me/contacts/:channel',
    summary: 'Remove the address of a channel',
    tags,
    access: RESIDENT,
    params: contactChannelParams,
    response: z.null(),
    successStatus: 204,
    handler: async ({ user, params }) => {
      await contacts.remove(user, params.channel);
      return undefined;
    },
  });
}
