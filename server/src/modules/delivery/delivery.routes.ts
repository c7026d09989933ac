import { z } from 'zod';
import { alertIdParams } from '@contract/alerts/alerts.schema.js';
import { reachResponse } from '@contract/delivery/delivery.schema.js';
import { pushReceiptBody } from '@contract/push/push.schema.js';
import { AppError } from '../../http/errors.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ } from '../../policies/index.js';
import { verifyPushReceipt } from '../push/push-receipt-token.js';
import type { DeliveryService } from './delivery.service.js';

/**
 * One answer for every token the server did not sign, checked before any row is looked at: a
 * caller learns nothing about which deliveries exist.
 */
const receiptInvalid = () =>
  new AppError(400, 'push_receipt_invalid', 'This is not a receipt token of a message sent from here.');

export function deliveryRoutes(api: ApiRouter, deliveries: DeliveryService, pushReceiptSecret: string): void {
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
    path: '/push/receipts',
    summary:
      "A service worker's word that a push message reached its device and was shown: the message's signed receipt token (no session)",
    tags: ['push'],
    access: 'public',
    body: pushReceiptBody,
    response: z.null(),
    successStatus: 204,
    handler: async ({ body }) => {
      const deliveryId = verifyPushReceipt(pushReceiptSecret, body.receipt);
      if (deliveryId === null) throw receiptInvalid();
      await deliveries.pushReceipt(deliveryId, new Date());
      return undefined;
    },
  });
}
