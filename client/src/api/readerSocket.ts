import { io, type Socket } from 'socket.io-client';
import type {
  ProtocolError,
  ReaderClientToServerEvents,
  ReaderServerToClientEvents,
  Tap,
  TapResult,
} from '@contract/checkins/reader.protocol';

export type { ReaderConfig, TapResult } from '@contract/checkins/reader.protocol';

/** The `/readers` namespace as the contract types it (contract/checkins/reader.protocol.ts). */
export type ReaderSocket = Socket<ReaderServerToClientEvents, ReaderClientToServerEvents>;

/**
 * Connects like a real reader agent: the `/readers` namespace with the device key in the handshake.
 * Taps sent here go through exactly the path a physical reader uses.
 */
export function connectReader(deviceKey: string): ReaderSocket {
  return io('/readers', {
    path: '/socket.io',
    auth: { deviceKey },
    transports: ['websocket', 'polling'],
    // A wrong key will not become right by retrying; the panel offers to reconnect by hand.
    reconnection: true,
    reconnectionAttempts: 5,
  });
}

export type TapAnswer = { ok: true; result: TapResult } | { ok: false; errorId: string };

const ACK_TIMEOUT_MS = 10_000;

/** Sends one tap and waits for the server's acknowledgement (sent only after commit). */
export function sendTap(socket: ReaderSocket, tap: Tap): Promise<TapAnswer> {
  return new Promise((resolve) => {
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('tap', tap, (timeout: Error | null, answer?: TapResult | ProtocolError) => {
        if (timeout || answer === undefined) resolve({ ok: false, errorId: 'timeout' });
        else if ('error' in answer && !('outcome' in answer))
          resolve({ ok: false, errorId: answer.error.id });
        else resolve({ ok: true, result: answer });
      });
  });
}
