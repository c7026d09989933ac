import { z } from 'zod';
import type { ApiRouter } from '../../http/route.js';
import { requireResident } from '../../policies/index.js';
import type { DesignationService } from './designations.service.js';
import {
  incomingList,
  inviteBody,
  outgoingDesignation,
  outgoingList,
} from '@contract/family/designations.schema.js';
import { designationIdParams, invitationIdParams } from '@contract/family/family.schema.js';

/** Designees: inviting (name + birth date), accepting or declining, ending. */
export function designationRoutes(api: ApiRouter, designations: DesignationService): void {
  api.route({
    method: 'get',
    path: '/me/designees',
    summary: 'People I named as designees (and my open invitations)',
    tags: ['family'],
    access: 'user',
    response: outgoingList,
    handler: ({ user }) => designations.outgoing(requireResident(user)),
  });

  api.route({
    method: 'post',
    path: '/me/designees',
    summary:
      'Invite someone by registered name and birth date; the answer is the same whether or not they exist',
    tags: ['family'],
    access: 'user',
    body: inviteBody,
    response: outgoingDesignation,
    successStatus: 201,
    handler: ({ user, body }) => designations.invite(requireResident(user), body),
  });

  api.route({
    method: 'delete',
    path: '/me/designees/:designationId',
    summary: 'Withdraw an invitation or end a designation I gave',
    tags: ['family'],
    access: 'user',
    params: designationIdParams,
    response: z.undefined(),
    handler: async ({ user, params }) => {
      await designations.revoke(requireResident(user), params.designationId);
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/me/invitations',
    summary: 'Open invitations to become a designee, and designations I accepted',
    tags: ['family'],
    access: 'user',
    response: incomingList,
    handler: ({ user }) => designations.incoming(requireResident(user)),
  });

  api.route({
    method: 'post',
    path: '/me/invitations/:invitationId/accept',
    summary: 'Accept an invitation: I may then see the inviter (not their other designees)',
    tags: ['family'],
    access: 'user',
    params: invitationIdParams,
    response: z.undefined(),
    handler: async ({ user, params }) => {
      await designations.accept(requireResident(user), params.invitationId);
      return undefined;
    },
  });

  api.route({
    method: 'post',
    path: '/me/invitations/:invitationId/decline',
    summary: 'Decline an invitation, or stop being a designee',
    tags: ['family'],
    access: 'user',
    params: invitationIdParams,
    response: z.undefined(),
    handler: async ({ user, params }) => {
      await designations.decline(requireResident(user), params.invitationId);
      return undefined;
    },
  });
}
