import { z } from 'zod';
import { alertIdParams } from '@contract/alerts/alerts.schema.js';
import { deliveryIdParams, reachResponse } from '@contract/delivery/delivery.schema.js';
import { notFound } from '../../http/errors.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ, NOT_A_RESIDENT, requireResident } from '../../policies/index.js';
import type { DeliveryService } from './delivery.service.js';

export function deliveryRoutes(api: ApiRouter, deliveries: DeliveryService): void {
  api.route({
    method: 'get',
    path: '/alerts/:id/reach',
    summary: 'Reach of a warning: targeted → reached → read → responded, by channel and by home municipality',
    tags: ['alerts'],
    access: HQ,
    params: alertIdParams,
    response: reachResponse,
    handler: ({ params }) => deliveries.reach(params.id),
  });

  api.route({
    method: 'post',
    path: '/me/deliveries/:deliveryId/shown',
    summary: "The service worker showed this push on the signed-in person's device (delivery receipt)",
    tags: ['inbox'],
    access: 'user',
    params: deliveryIdParams,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ user, params }) => {
      const { residentId } = requireResident(user, NOT_A_RESIDENT.inbox);
      if (!(await deliveries.pushShown(residentId, params.deliveryId))) throw notFound('Delivery');
      return { ok: true as const };
    },
  });
}
