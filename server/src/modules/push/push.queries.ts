import type { Queryable } from '../../db/database.js';
import type { PushAddress } from '../delivery/channel.types.js';

export interface PushDeviceRow {
  id: string;
  endpoint: string;
  device_label: string;
  created_at: Date;
  last_success_at: Date | null;
}

export interface NewSubscription {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  deviceLabel: string;
}

/**
 * Subscribes a device for an account. The endpoint identifies the device's browser profile: the
 * same endpoint again updates its keys and label, and moves it to this account if another one had
 * it (whoever signed in on the device last and asked gets its notifications, never both).
 */
export async function upsertSubscription(db: Queryable, sub: NewSubscription): Promise<PushDeviceRow> {
  const { rows } = await db.query<PushDeviceRow>(
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, device_label)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (endpoint) DO UPDATE
       SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
           device_label = EXCLUDED.device_label, failures = 0,
           -- A device taken over by another account starts afresh; the same account keeps its history.
           created_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id
                             THEN push_subscriptions.created_at ELSE now() END,
           last_success_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id
                                  THEN push_subscriptions.last_success_at END
     RETURNING id, endpoint, device_label, created_at, last_success_at`,
    [sub.userId, sub.endpoint, sub.p256dh, sub.auth, sub.deviceLabel],
  );
  return rows[0]!;
}

/** Keeps an account at `max` devices: the ones subscribed longest ago go first. */
export async function trimDevices(db: Queryable, userId: string, max: number): Promise<void> {
  await db.query(
    `DELETE FROM push_subscriptions
      WHERE user_id = $1
        AND id NOT IN (SELECT id FROM push_subscriptions WHERE user_id = $1
                        ORDER BY created_at DESC, id DESC LIMIT $2)`,
    [userId, max],
  );
}

export async function listDevices(db: Queryable, userId: string): Promise<PushDeviceRow[]> {
  const { rows } = await db.query<PushDeviceRow>(
    `SELECT id, endpoint, device_label, created_at, last_success_at
       FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,
    [userId],
  );
  return rows;
}

/** Removes one of the account's own devices; false when it has no such device. */
export async function deleteDevice(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM push_subscriptions WHERE id = $1 AND user_id = $2`, [
    id,
    userId,
  ]);
  return rowCount > 0;
}

/** Removes the account's subscription of one endpoint (signing out of that device). */
export async function deleteEndpoint(db: Queryable, userId: string, endpoint: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM push_subscriptions WHERE endpoint = $1 AND user_id = $2`, [
    endpoint,
    userId,
  ]);
  return rowCount > 0;
}

/** A device to push to, and the registered person it belongs to. */
export interface ResidentPushAddress extends PushAddress {
  residentId: string;
}

/**
 * Every subscribed device of these residents (through their accounts), for escalation to send to.
 * Disabled accounts get nothing: a closed account's devices must stay quiet.
 */
export async function pushAddressesOf(
  db: Queryable,
  residentIds: readonly string[],
): Promise<ResidentPushAddress[]> {
  if (residentIds.length === 0) return [];
  const { rows } = await db.query<{
    id: string;
    resident_id: string;
    endpoint: string;
    p256dh: string;
    auth: string;
  }>(
    `SELECT p.id, u.resident_id, p.endpoint, p.p256dh, p.auth
       FROM push_subscriptions p
       JOIN users u ON u.id = p.user_id
      WHERE u.resident_id = ANY($1::uuid[]) AND u.disabled_at IS NULL
      ORDER BY u.resident_id, p.created_at`,
    [residentIds],
  );
  return rows.map((row) => ({
    subscriptionId: row.id,
    residentId: row.resident_id,
    endpoint: row.endpoint,
    keys: { p256dh: row.p256dh, auth: row.auth },
  }));
}

/**
 * What a send to one subscription came to: a success clears the failure count; a failure counts
 * one more; `gone` (the push service answered 404/410) deletes the subscription for good.
 */
export type PushOutcome = 'success' | 'failure' | 'gone';

export async function recordPushOutcome(
  db: Queryable,
  subscriptionId: string,
  outcome: PushOutcome,
): Promise<void> {
  if (outcome === 'gone') {
    await db.query(`DELETE FROM push_subscriptions WHERE id = $1`, [subscriptionId]);
  } else if (outcome === 'success') {
    await db.query(`UPDATE push_subscriptions SET last_success_at = now(), failures = 0 WHERE id = $1`, [
      subscriptionId,
    ]);
  } else {
    await db.query(`UPDATE push_subscriptions SET failures = failures + 1 WHERE id = $1`, [subscriptionId]);
  }
}
