import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type { ReaderConfig, TapResult } from '@contract/checkins/reader.protocol.js';
import type { HttpClient } from '../../support/http-client.js';

/** A card reader agent in Node: the same `/readers` namespace and acknowledgements as a real one. */
export interface NodeReader {
  socket: Socket;
  config: ReaderConfig;
  tap(cardUid: string): Promise<TapResult>;
  close(): void;
}

export async function registerReader(staff: HttpClient, shelterId: string, name: string): Promise<string> {
  const { status, body } = await staff.post(`/api/shelters/${shelterId}/readers`, { name, mode: 'toggle' });
  if (status !== 201) throw new Error(`registering a reader failed with ${status}: ${JSON.stringify(body)}`);
  return (body as { deviceKey: string }).deviceKey;
}

export async function openReader(baseUrl: string, deviceKey: string): Promise<NodeReader> {
  const socket = connect(`${baseUrl}/readers`, {
    transports: ['websocket'],
    auth: { deviceKey },
    reconnection: false,
  });
  const config = await new Promise<ReaderConfig>((resolve, reject) => {
    socket.once('reader:config', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    config,
    tap: (cardUid) =>
      socket.emitWithAck('tap', {
        eventId: randomUUID(),
        cardUid,
        tappedAt: new Date().toISOString(),
      }) as Promise<TapResult>,
    close: () => socket.disconnect(),
  };
}
