import { MAX_TAPS_PER_BATCH, type TapResult } from '@contract/checkins/reader.protocol.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { QueuedTap, TapQueue } from './tap-queue.js';
import { KeyInvalidError, SendFailedError } from './transports.js';

export interface DeliveryRoutes {
  socketConnected(): boolean;
  socketDownForMs(): number;
  sendOverSocket(taps: QueuedTap[]): Promise<TapResult[]>;
  sendOverHttp(taps: QueuedTap[]): Promise<TapResult[]>;
}

export interface DeliveryHooks {
  delivered(taps: QueuedTap[], results: TapResult[], via: 'socket' | 'http'): void;
  retrying(reason: string, delayMs: number): void;
  keyInvalid(): void;
}

export interface DeliveryTiming {
  /** How long the live connection may be down, with taps waiting, before HTTP is tried. */
  httpFallbackAfterMs: number;
  backoff: BackoffPolicy;
}

/**
 * Sends the queue to the server, oldest first, one request at a time so the server sees taps in
 * the order they happened. A tap leaves the queue only when the server answered for it; anything
 * else (timeout, `tap_failed`, network error) keeps it and retries with backoff. Resending is safe
 * because the server counts each eventId once.
 */
export class Delivery {
  private failures = 0;
  private stopped = false;
  private keyRefused = false;
  private wake: { resolve: () => void; byNewTap: boolean } | undefined;
  private drainWaiters: Array<() => void> = [];

  constructor(
    private readonly queue: TapQueue,
    private readonly routes: DeliveryRoutes,
    private readonly hooks: DeliveryHooks,
    private readonly timing: DeliveryTiming,
  ) {}

  get stoppedByKey(): boolean {
    return this.keyRefused;
  }

  /** A tap was queued. */
  tapQueued(): void {
    if (this.wake?.byNewTap) this.wake.resolve();
  }

  /** The live connection came up: retry at once, whatever the backoff said. */
  connected(): void {
    this.failures = 0;
    this.wake?.resolve();
  }

  keyInvalid(): void {
    this.keyRefused = true;
    this.hooks.keyInvalid();
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** Resolves when the queue is empty, or when sending stopped because the key was refused. */
  drained(): Promise<void> {
    if (this.queue.size === 0 || this.keyRefused) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.wake?.resolve();
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      const pending = this.queue.pending();
      if (pending.length === 0) {
        for (const resolve of this.drainWaiters.splice(0)) resolve();
        await this.sleep(Infinity, true);
        continue;
      }
      if (this.keyRefused) {
        await this.sleep(Infinity, false);
        continue;
      }
      const route = this.routes.socketConnected() ? 'socket' : 'http';
      const untilFallback = this.timing.httpFallbackAfterMs - this.routes.socketDownForMs();
      if (route === 'http' && untilFallback > 0) {
        await this.sleep(untilFallback, false);
        continue;
      }
      await this.sendOnce(route, pending.slice(0, MAX_TAPS_PER_BATCH));
    }
  }

  private async sendOnce(route: 'socket' | 'http', taps: QueuedTap[]): Promise<void> {
    try {
      const results =
        route === 'socket' ? await this.routes.sendOverSocket(taps) : await this.routes.sendOverHttp(taps);
      this.queue.ack(results);
      this.failures = 0;
      this.hooks.delivered(taps, results, route);
    } catch (error) {
      if (error instanceof KeyInvalidError) {
        this.keyInvalid();
        return;
      }
      if (!(error instanceof SendFailedError)) throw error;
      this.failures += 1;
      const delay = backoffDelay(this.failures, this.timing.backoff);
      this.hooks.retrying(error.message, delay);
      await this.sleep(delay, false);
    }
  }

  /** Waits; a new tap wakes an idle wait, the connection coming up wakes any wait. */
  private sleep(ms: number, byNewTap: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      const wake = { resolve: done, byNewTap };
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wake = undefined;
    });
  }
}
