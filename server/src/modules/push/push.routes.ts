import { z } from 'zod';
import {
  deviceParams,
  MAX_PUSH_DEVICES,
  pushDeviceList,
  pushDeviceSchema,
  subscribeBody,
  unsubscribeBody,
  vapidKeyResponse,
} from '@contract/push/push.schema.js';
import type { ApiRouter } from '../../http/route.js';
import { assertMayManagePushDevices, RESIDENT } from '../../policies/index.js';
import type { PushService } from './push.service.js';

export function pushRoutes(api: ApiRouter, push: PushService, vapidPublicKey: string): void {
  api.route({
    method: 'get',
    path: '/push/vapid-key',
    summary: "The server's VAPID public key, the applicationServerKey for PushManager.subscribe",
    tags: ['push'],
    access: 'public',
    response: vapidKeyResponse,
    handler: () => Promise.resolve({ publicKey: vapidPublicKey }),
  });

  api.route({
    method: 'get',
    path: '/me/push-devices',
    summary: 'My devices that receive push notifications',
    tags: ['push'],
    access: RESIDENT,
    response: pushDeviceList,
    handler: async ({ user }) => ({
      devices: await push.list(assertMayManagePushDevices(user)),
      max: MAX_PUSH_DEVICES,
    }),
  });

  api.route({
    method: 'post',
    path: '/me/push-devices',
    summary:
      'Receive push notifications on this device (the same endpoint again updates it; a device another account had moves here)',
    tags: ['push'],
    access: RESIDENT,
    body: subscribeBody,
    response: z.object({ device: pushDeviceSchema }),
    successStatus: 201,
    handler: async ({ user, body }) => ({
      device: await push.subscribe(assertMayManagePushDevices(user), body),
    }),
  });

  api.route({
    method: 'post',
    path: '/me/push-devices/forget',
    summary: 'Stop push notifications to this device, named by its endpoint (signing out of it)',
    tags: ['push'],
    access: RESIDENT,
    body: unsubscribeBody,
    response: z.null(),
    successStatus: 204,
    handler: async ({ user, body }) => {
      await push.forgetEndpoint(assertMayManagePushDevices(user), body.endpoint);
      return undefined;
    },
  });

  api.route({
    method: 'delete',
    path: '/me/push-devices/:id',
    summary: 'Stop push notifications to one of my devices',
    tags: ['push'],
    access: RESIDENT,
    params: deviceParams,
    response: z.null(),
    successStatus: 204,
    handler: async ({ user, params }) => {
      await push.remove(assertMayManagePushDevices(user), params.id);
      return undefined;
    },
  });
}
