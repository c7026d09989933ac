import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CardRead } from './card-sources.js';
import { Delivery, type DeliveryTiming } from './delivery.js';
import { lockQueueDir } from './queue-lock.js';
import { StatusReporter } from './status.js';
import { ensureDurableDir, TapQueue, type QueuedTap } from './tap-queue.js';
import { ReaderConnection, sendOverHttp } from './transports.js';

export interface ReaderAgentOptions {
  /** Server origin, e.g. https://hinan.example.jp */
  server: string;
  deviceKey: string;
  queueDir: string;
  direction: 'toggle' | 'in' | 'out';
  status?: StatusReporter;
  timing?: Partial<DeliveryTiming & { ackTimeoutMs: number }>;
}

const DEFAULT_TIMING: DeliveryTiming & { ackTimeoutMs: number } = {
  httpFallbackAfterMs: 3_000,
  ackTimeoutMs: 10_000,
  backoff: { baseMs: 500, capMs: 30_000 },
};

/**
 * The reader agent: every card read becomes a tap with its own eventId and the reader's time,
 * is written to the durable queue, and is then delivered by the sender in the background.
 */
export class ReaderAgent {
  private readonly delivery: Delivery;
  private readonly connection: ReaderConnection;
  private readonly running: Promise<void>;
  private keyReported = false;

  private constructor(
    private readonly options: ReaderAgentOptions,
    private readonly queue: TapQueue,
    private readonly unlock: () => void,
    readonly status: StatusReporter,
  ) {
    const timing = { ...DEFAULT_TIMING, ...options.timing };
    this.connection = new ReaderConnection(
      options.server,
      options.deviceKey,
      {
        online: () => {
          status.online(queue.size);
          this.delivery.connected();
        },
        offline: () => status.offline(queue.size),
        config: (config) => status.config(config),
        keyInvalid: () => this.delivery.keyInvalid(),
      },
      timing.ackTimeoutMs,
    );
    this.delivery = new Delivery(
      queue,
      {
        socketConnected: () => this.connection.connected,
        socketDownForMs: () => this.connection.downForMs(),
        sendOverSocket: (taps) => this.connection.send(taps),
        sendOverHttp: (taps) => sendOverHttp(options.server, options.deviceKey, taps, timing.ackTimeoutMs),
      },
      {
        delivered: (taps, results, via) => {
          taps.forEach((tap, i) => status.result(tap, results[i]!));
          status.delivered(taps.length, via);
        },
        retrying: (reason, delayMs) => status.retrying(reason, delayMs, queue.size),
        keyInvalid: () => {
          if (this.keyReported) return;
          this.keyReported = true;
          status.keyInvalid(queue.size);
        },
      },
      timing,
    );
    this.running = this.delivery.run();
  }

  /** Opens (and locks) the queue, reports what a previous run left, and starts sending. */
  static start(options: ReaderAgentOptions): ReaderAgent {
    const status = options.status ?? new StatusReporter();
    // Lock before reading: opening repairs a torn tail, which must not race a running agent.
    const queueDir = path.resolve(options.queueDir);
    ensureDurableDir(queueDir);
    const unlock = lockQueueDir(queueDir);
    let queue: TapQueue;
    try {
      queue = TapQueue.open(queueDir);
    } catch (error) {
      unlock();
      throw error;
    }
    if (queue.recovery.tornBytes > 0) {
      status.notice(
        `queue: dropped an incomplete last record (${queue.recovery.tornBytes} bytes) left by a crash`,
      );
    }
    if (queue.recovery.unreadableLines > 0) {
      status.notice(`queue: skipped ${queue.recovery.unreadableLines} unreadable record(s) in ${queue.dir}`);
    }
    if (queue.size > 0) status.notice(`queue: ${queue.size} tap(s) from an earlier run wait to be sent`);
    return new ReaderAgent(options, queue, unlock, status);
  }

  get queued(): number {
    return this.queue.size;
  }

  get stoppedByKey(): boolean {
    return this.delivery.stoppedByKey;
  }

  /** Records a card read. Returns only once the tap is on disk. */
  tap(read: CardRead): QueuedTap {
    const tap: QueuedTap = {
      eventId: randomUUID(),
      cardUid: read.cardUid,
      tappedAt: read.tappedAt ?? new Date().toISOString(),
      direction: this.options.direction,
    };
    this.queue.append(tap);
    this.status.saved(tap, this.queue.size, this.connection.connected);
    this.delivery.tapQueued();
    return tap;
  }

  /**
   * Resolves when every queued tap has been answered by the server, or sending stopped because the
   * key was refused (see stoppedByKey); rejects if sending broke.
   */
  drained(): Promise<void> {
    return Promise.race([this.delivery.drained(), this.failure]);
  }

  /** Rejects if the sender fails in a way retrying cannot fix (e.g. the disk is gone). */
  get failure(): Promise<never> {
    return this.running.then(() => new Promise<never>(() => undefined));
  }

  async close(): Promise<void> {
    this.delivery.stop();
    this.connection.close();
    await this.running.catch(() => undefined);
    this.queue.close();
    this.unlock();
  }
}
