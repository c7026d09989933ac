import type { Config } from '../../config.js';
import { resolvePushReceiptSecret, resolveVapidKeys } from '../../secrets.js';
import type { ServerModule } from '../server-module.js';
import { PushSender } from './push-sender.js';
import { pushRoutes } from './push.routes.js';
import { PushService } from './push.service.js';

/** The Web Push sender for this installation's keys and limits (escalation sends through it). */
export function pushSenderFor(config: Config, options: { ca?: string | Buffer } = {}): PushSender {
  return new PushSender({
    vapid: resolveVapidKeys(config),
    receiptSecret: resolvePushReceiptSecret(config),
    ttlSeconds: config.PUSH_TTL_SECONDS,
    timeoutMs: config.PUSH_TIMEOUT_MS,
    ...options,
  });
}

/**
 * Web Push: residents' devices that receive notifications and the VAPID key. Receipts of shown
 * messages change deliveries, so the delivery module takes them (`POST /api/push/receipts`).
 */
export const pushModule: ServerModule = {
  name: 'push',
  register({ api, config, db }) {
    const vapid = resolveVapidKeys(config);
    const push = new PushService(db, { production: config.NODE_ENV === 'production' });
    pushRoutes(api, push, vapid.publicKey);
  },
};
