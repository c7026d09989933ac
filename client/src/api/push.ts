import type { z } from 'zod';
import type { pushDeviceList, pushDeviceSchema, subscribeBody } from '@contract/push/push.schema';
import { activeRegistration } from '../shared/serviceWorker';
import { api, request } from './http';

export type PushDevice = z.output<typeof pushDeviceSchema>;
type DeviceList = z.output<typeof pushDeviceList>;
type SubscribeBody = z.input<typeof subscribeBody>;

export const fetchVapidKey = () => api.get<{ publicKey: string }>('/api/push/vapid-key');
export const listPushDevices = () => api.get<DeviceList>('/api/me/push-devices');
export const savePushDevice = (body: SubscribeBody) =>
  api.post<{ device: PushDevice }>('/api/me/push-devices', body);
export const removePushDevice = (id: string) => request<void>('DELETE', `/api/me/push-devices/${id}`);
export const forgetPushDevice = (endpoint: string) =>
  api.post<void>('/api/me/push-devices/forget', { endpoint });

/** The same fingerprint the server lists devices by (push.service.ts `endpointHash`). */
export async function endpointHash(endpoint: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint)));
  const base64 = btoa(String.fromCharCode(...digest));
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 22);
}

/** This browser's push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await activeRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

/**
 * Signing out of this device: the server stops pushing to it and the browser drops the
 * subscription, so the next person to use the device is not woken by this person's warnings.
 * Best effort: signing out goes ahead whatever happens here.
 */
export async function leaveThisDevice(): Promise<void> {
  const subscription = await currentSubscription().catch(() => null);
  if (!subscription) return;
  await forgetPushDevice(subscription.endpoint).catch(() => undefined);
  await subscription.unsubscribe().catch(() => undefined);
}
