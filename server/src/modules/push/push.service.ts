import { createHash } from 'node:crypto';
import { MAX_PUSH_DEVICES, type PushDevice, type SubscribeInput } from '@contract/push/push.schema.js';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { ResidentUser } from '../../policies/index.js';
import {
  deleteDevice,
  deleteEndpoint,
  listDevices,
  trimDevices,
  upsertSubscription,
  type PushDeviceRow,
} from './push.queries.js';
import { checkEndpoint, checkKeys } from './subscription-check.js';

/**
 * A short fingerprint of an endpoint: lets a device find itself in its account's device list
 * without the list ever handing out endpoints (each one is a capability to message that device).
 */
export function endpointHash(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('base64url').slice(0, 22);
}

function present(row: PushDeviceRow): PushDevice {
  return {
    id: row.id,
    deviceLabel: row.device_label,
    createdAt: row.created_at.toISOString(),
    lastSuccessAt: row.last_success_at?.toISOString() ?? null,
    endpointHash: endpointHash(row.endpoint),
  };
}

export class PushService {
  constructor(
    private readonly db: Database,
    private readonly options: { production: boolean },
  ) {}

  async subscribe({ user }: ResidentUser, input: SubscribeInput): Promise<PushDevice> {
    checkEndpoint(input.endpoint, this.options.production);
    checkKeys(input.keys);
    const row = await this.db.transaction(async (tx) => {
      const saved = await upsertSubscription(tx, {
        userId: user.id,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        deviceLabel: input.deviceLabel,
      });
      await trimDevices(tx, user.id, MAX_PUSH_DEVICES);
      return saved;
    });
    return present(row);
  }

  async list({ user }: ResidentUser): Promise<PushDevice[]> {
    return (await listDevices(this.db, user.id)).map(present);
  }

  async remove({ user }: ResidentUser, id: string): Promise<void> {
    if (!(await deleteDevice(this.db, user.id, id))) throw notFound('Device');
  }

  /** Idempotent: a device signing out that had no subscription (any more) is fine. */
  async forgetEndpoint({ user }: ResidentUser, endpoint: string): Promise<void> {
    await deleteEndpoint(this.db, user.id, endpoint);
  }
}
