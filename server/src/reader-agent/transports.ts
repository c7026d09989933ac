import { io, type Socket } from 'socket.io-client';
import {
  MAX_TAPS_PER_BATCH,
  READER_NAMESPACE,
  protocolErrorSchema,
  readerConfigSchema,
  tapBatchResultSchema,
  tapResultSchema,
  type ReaderConfig,
  type TapResult,
} from '@contract/checkins/reader.protocol.js';
import type { QueuedTap } from './tap-queue.js';

/** The server no longer accepts this reader's key; sending stops until it is replaced. */
export class KeyInvalidError extends Error {
  constructor() {
    super('reader_key_invalid');
  }
}

/** The taps were not acknowledged; they stay queued and are sent again. */
export class SendFailedError extends Error {}

/** Server processing time grows with the batch; a late ack is treated as lost and resent. */
export const ackTimeoutFor = (taps: number, baseMs: number) => baseMs + 50 * taps;

function checkResults(taps: QueuedTap[], results: TapResult[]): TapResult[] {
  const matches =
    results.length === taps.length && results.every((result, i) => result.eventId === taps[i]!.eventId);
  if (!matches) throw new SendFailedError('the server answered for different taps');
  return results;
}

function parseAnswer(taps: QueuedTap[], answer: unknown): TapResult[] {
  const protocolError = protocolErrorSchema.safeParse(answer);
  if (protocolError.success)
    throw new SendFailedError(`${protocolError.data.error.id}: ${protocolError.data.error.message}`);
  if (taps.length === 1) {
    const single = tapResultSchema.safeParse(answer);
    if (single.success) return checkResults(taps, [single.data]);
  }
  const batch = tapBatchResultSchema.safeParse(answer);
  if (!batch.success) throw new SendFailedError('the server sent an answer this agent does not understand');
  return checkResults(taps, batch.data.results);
}

export interface ConnectionEvents {
  online(): void;
  offline(): void;
  config(config: ReaderConfig): void;
  keyInvalid(): void;
}

/**
 * The live Socket.IO connection to `/readers`. Socket.IO reconnects by itself after network
 * failures; after a refusal by the server's handshake check it does not, so that case is retried
 * here (except for an invalid key, which retrying cannot fix).
 */
export class ReaderConnection {
  private readonly socket: Socket;
  private downSince = Date.now();
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    serverOrigin: string,
    deviceKey: string,
    private readonly events: ConnectionEvents,
    private readonly ackTimeoutMs: number,
  ) {
    this.socket = io(`${serverOrigin}${READER_NAMESPACE}`, {
      auth: { deviceKey },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
    });
    this.socket.on('connect', () => {
      this.events.online();
    });
    this.socket.on('disconnect', (reason) => {
      this.downSince = Date.now();
      if (this.closed) return;
      this.events.offline();
      // The server dropped us on purpose (revoked key, or shutting down): reconnect by hand so a
      // restarted server is found again and a revoked key is reported as such.
      if (reason === 'io server disconnect') this.retryLater(1_000);
    });
    this.socket.on('connect_error', (error: Error) => {
      if (error.message === 'reader_key_invalid') {
        this.events.keyInvalid();
        return;
      }
      if (!this.socket.active) this.retryLater(3_000 + Math.random() * 2_000);
    });
    this.socket.on('reader:config', (payload: unknown) => {
      const config = readerConfigSchema.safeParse(payload);
      if (config.success) this.events.config(config.data);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  downForMs(now = Date.now()): number {
    return this.connected ? 0 : now - this.downSince;
  }

  /** One tap with `tap`; a backlog in order with `taps`, at most 500 at a time. */
  async send(taps: QueuedTap[]): Promise<TapResult[]> {
    if (taps.length === 0 || taps.length > MAX_TAPS_PER_BATCH) throw new RangeError('batch size');
    if (!this.socket.connected) throw new SendFailedError('not connected');
    const timed = this.socket.timeout(ackTimeoutFor(taps.length, this.ackTimeoutMs));
    let answer: unknown;
    try {
      answer =
        taps.length === 1
          ? await timed.emitWithAck('tap', taps[0])
          : await timed.emitWithAck('taps', { taps });
    } catch {
      throw new SendFailedError('no acknowledgement in time');
    }
    return parseAnswer(taps, answer);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket.disconnect();
  }

  private retryLater(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delayMs);
  }
}

/** POST /api/reader/taps: the fallback when the live connection has been down for a while. */
export async function sendOverHttp(
  serverOrigin: string,
  deviceKey: string,
  taps: QueuedTap[],
  timeoutMs: number,
): Promise<TapResult[]> {
  let response: Response;
  try {
    response = await fetch(`${serverOrigin}/api/reader/taps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deviceKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ taps }),
      signal: AbortSignal.timeout(ackTimeoutFor(taps.length, timeoutMs)),
    });
  } catch {
    throw new SendFailedError('server unreachable');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (
    response.status === 401 &&
    protocolErrorSchema.safeParse(body).data?.error.id === 'reader_key_invalid'
  ) {
    throw new KeyInvalidError();
  }
  if (response.status !== 200) {
    const id = protocolErrorSchema.safeParse(body).data?.error.id;
    throw new SendFailedError(`HTTP ${response.status}${id ? ` ${id}` : ''}`);
  }
  return parseAnswer(taps, body);
}
