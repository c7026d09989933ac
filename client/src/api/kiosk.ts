import type { z } from 'zod';
import type { sessionResponse } from '@contract/auth/auth.schema';
import type {
  kioskDeviceSchema,
  kioskPersonStatus,
  kioskPinStatus,
  kioskSchema,
  kioskWithKey,
} from '@contract/kiosk/kiosk.schema';
import type { Me } from './auth';
import { api, request, setCsrfToken } from './http';

export type Kiosk = z.output<typeof kioskSchema>;
/** The device key is only ever in this answer; the server keeps its hash. */
export type KioskWithKey = z.output<typeof kioskWithKey>;
export type KioskDevice = z.output<typeof kioskDeviceSchema>;
export type KioskPersonStatus = z.output<typeof kioskPersonStatus>;
type PinStatus = z.output<typeof kioskPinStatus>;

const bearer = (deviceKey: string) => ({ Authorization: `Bearer ${deviceKey}` });

export function fetchKiosks(shelterId: string, signal?: AbortSignal): Promise<{ kiosks: Kiosk[] }> {
  return api.get(`/api/shelters/${encodeURIComponent(shelterId)}/kiosks`, { signal });
}

export function registerKiosk(shelterId: string, name: string): Promise<KioskWithKey> {
  return api.post(`/api/shelters/${encodeURIComponent(shelterId)}/kiosks`, { name });
}

export function rotateKioskKey(kioskId: string): Promise<KioskWithKey> {
  return api.post(`/api/kiosks/${encodeURIComponent(kioskId)}/rotate-key`);
}

export function revokeKiosk(kioskId: string): Promise<Kiosk> {
  return api.post(`/api/kiosks/${encodeURIComponent(kioskId)}/revoke`);
}

/** Which kiosk this PC's key belongs to; `kiosk_key_invalid` once it was rotated or revoked. */
export function fetchKioskDevice(deviceKey: string, signal?: AbortSignal): Promise<KioskDevice> {
  return request('GET', '/api/kiosk/device', { signal, headers: bearer(deviceKey) });
}

/** Card + PIN: opens a short kiosk session for the card's resident (the cookie is the browser's only). */
export async function kioskSignIn(deviceKey: string, cardUid: string, pin: string): Promise<Me> {
  const session = await request<z.output<typeof sessionResponse>>('POST', '/api/kiosk/sign-in', {
    body: { cardUid, pin },
    headers: bearer(deviceKey),
  });
  setCsrfToken(session.csrfToken);
  return session.user;
}

export function fetchPinStatus(signal?: AbortSignal): Promise<PinStatus> {
  return api.get('/api/me/kiosk-pin', { signal });
}

export function setKioskPin(pin: string): Promise<PinStatus> {
  return request('PUT', '/api/me/kiosk-pin', { body: { pin } });
}

export function removeKioskPin(): Promise<PinStatus> {
  return request('DELETE', '/api/me/kiosk-pin');
}

const personPath = (residentId: string) => `/api/kiosk/people/${encodeURIComponent(residentId)}`;
const shelterBody = (shelterId: string | null) => (shelterId ? { shelterId } : {});

export function fetchKioskPersonStatus(
  residentId: string,
  shelterId: string | null,
  signal?: AbortSignal,
): Promise<KioskPersonStatus> {
  const query = shelterId ? `?shelterId=${encodeURIComponent(shelterId)}` : '';
  return api.get(`${personPath(residentId)}${query}`, { signal });
}

export function unlockKioskCard(residentId: string, shelterId: string | null): Promise<KioskPersonStatus> {
  return api.post(`${personPath(residentId)}/unlock`, { ...shelterBody(shelterId), identityChecked: true });
}

export function resetKioskPin(residentId: string, shelterId: string | null): Promise<KioskPersonStatus> {
  return api.post(`${personPath(residentId)}/reset-pin`, {
    ...shelterBody(shelterId),
    identityChecked: true,
  });
}
