import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  READER_NAMESPACE,
  type ProtocolError,
  type ReaderConfig,
  type TapResult,
} from '@contract/checkins/reader.protocol.js';

/** One card reader speaking the `/readers` protocol, the way the reader agent does. */
export class ReaderClient {
  private constructor(
    private readonly socket: Socket,
    readonly config: ReaderConfig,
  ) {}

  static connect(baseUrl: string, deviceKey: string, timeoutMs = 10_000): Promise<ReaderClient> {
    const socket = io(`${baseUrl.replace(/\/$/, '')}${READER_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { deviceKey },
      reconnection: false,
      timeout: timeoutMs,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.disconnect();
        reject(new Error('reader did not receive its configuration in time'));
      }, timeoutMs);
      socket.once('reader:config', (config: ReaderConfig) => {
        clearTimeout(timer);
        resolve(new ReaderClient(socket, config));
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        socket.disconnect();
        reject(error);
      });
    });
  }

  /** Sends one tap and waits for the server's acknowledgement (sent only after commit). */
  async tap(
    tap: { cardUid: string; tappedAt: string; direction: 'in' | 'out' | 'toggle'; eventId?: string },
    timeoutMs = 30_000,
  ): Promise<TapResult> {
    const payload = {
      eventId: tap.eventId ?? randomUUID(),
      cardUid: tap.cardUid,
      tappedAt: tap.tappedAt,
      direction: tap.direction,
    };
    const response = (await this.socket.timeout(timeoutMs).emitWithAck('tap', payload)) as
      TapResult | ProtocolError;
    if ('error' in response && !('outcome' in response)) {
      throw new Error(`tap refused: ${response.error.id} ${response.error.message}`);
    }
    return response;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapConcurrent<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
