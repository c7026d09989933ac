/** Card readers in tests: registered by staff through the API, tapping over their own socket. */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { TapResult } from '@contract/checkins/reader.protocol.js';
import type { HttpClient } from './http-client.js';

/** Registers a reader at the shelter as `staff` and returns its id and its one-time device key. */
export async function registerReader(
  staff: HttpClient,
  shelterId: string,
  mode = 'toggle',
): Promise<{ id: string; deviceKey: string }> {
  const { status, body } = await staff.post(`/api/shelters/${shelterId}/readers`, { name: 'Entrance', mode });
  expect(status).toBe(201);
  const { reader, deviceKey } = body as { reader: { id: string }; deviceKey: string };
  return { id: reader.id, deviceKey };
}

/** One tap now, with a new event id; the reader's acknowledgement. */
export function tapNow(socket: Socket, cardUid: string, timeoutMs = 5_000): Promise<TapResult> {
  return socket.timeout(timeoutMs).emitWithAck('tap', {
    eventId: randomUUID(),
    cardUid,
    tappedAt: new Date().toISOString(),
  }) as Promise<TapResult>;
}
