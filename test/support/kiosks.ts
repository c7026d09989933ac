/** Kiosks in tests: registered by staff through the API, signing residents in with card + PIN. */
import { expect } from 'vitest';
import type { HttpClient } from './http-client.js';

/** Registers a kiosk at the shelter as `staff` and returns its id and its one-time device key. */
export async function registerKiosk(
  staff: HttpClient,
  shelterId: string,
): Promise<{ id: string; deviceKey: string }> {
  const { status, body } = await staff.post(`/api/shelters/${shelterId}/kiosks`, { name: 'Lobby PC' });
  expect(status).toBe(201);
  const { kiosk, deviceKey } = body as { kiosk: { id: string }; deviceKey: string };
  return { id: kiosk.id, deviceKey };
}

/** Card + PIN at the kiosk; on success the client holds the kiosk session and its CSRF token. */
export async function kioskSignIn(
  client: HttpClient,
  deviceKey: string,
  card: { cardUid: string; pin: string },
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const answer = await client.request('POST', '/api/kiosk/sign-in', {
    json: card,
    headers: { authorization: `Bearer ${deviceKey}` },
  });
  if (answer.status === 200) client.csrfToken = (answer.body as { csrfToken: string }).csrfToken;
  return answer;
}

export const errorIdOf = (body: unknown) => (body as { error?: { id?: string } }).error?.id;
