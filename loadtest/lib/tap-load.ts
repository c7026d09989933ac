import { ReaderClient } from '../../server/src/modules/replay/reader-client.js';
import type { BenchReader } from './bench-db.js';
import { Latencies } from './latency.js';

export interface StageResult {
  targetPerSecond: number;
  durationSeconds: number;
  sent: number;
  acked: number;
  /** Acknowledgements received inside the stage window, per second: the sustained rate. */
  ackedPerSecond: number;
  /** Rejected outcomes, protocol errors and timeouts. */
  errors: number;
  /** Taps not sent because too many were already waiting for an answer (server saturated). */
  notSent: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
}

interface Card {
  uid: string;
  inside: boolean;
  busy: boolean;
}

interface LoadReader {
  client: ReaderClient;
  cards: Card[];
  next: number;
}

const TICK_MS = 5;
const ACK_TIMEOUT_MS = 30_000;
const DRAIN_LIMIT_MS = 40_000;

/** Readers connected over `/readers`, each tapping only its own shelter's cards. */
export class TapLoad {
  private constructor(private readonly readers: LoadReader[]) {}

  static async connect(baseUrl: string, readers: BenchReader[]): Promise<TapLoad> {
    const connected = await Promise.all(
      readers.map(async (r) => ({
        client: await ReaderClient.connect(baseUrl, r.deviceKey),
        cards: r.cardUids.map((uid) => ({ uid, inside: false, busy: false })),
        next: 0,
      })),
    );
    return new TapLoad(connected);
  }

  /**
   * Waits until the server has worked off any backlog: one tap, answered only after everything
   * queued before it in the server's pool, then a short pause.
   */
  async settle(timeoutMs = 120_000): Promise<void> {
    const reader = this.readers[0]!;
    const card = this.pickCard(reader);
    if (!card) return;
    const result = await reader.client.tap(
      { cardUid: card.uid, tappedAt: new Date().toISOString(), direction: card.inside ? 'out' : 'in' },
      timeoutMs,
    );
    if (result.outcome === 'checked_in') card.inside = true;
    if (result.outcome === 'checked_out') card.inside = false;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  close(): void {
    for (const reader of this.readers) reader.client.close();
  }

  /** The next card of this reader with no tap in flight, round robin. */
  private pickCard(reader: LoadReader): Card | undefined {
    for (let i = 0; i < reader.cards.length; i++) {
      const card = reader.cards[(reader.next + i) % reader.cards.length]!;
      if (!card.busy) {
        reader.next = (reader.next + i + 1) % reader.cards.length;
        return card;
      }
    }
    return undefined;
  }

  /**
   * Open loop: taps are sent on schedule at `perSecond` for `seconds`, spread over the readers,
   * whether or not earlier ones were answered (up to `maxInFlight`). Latency is send → ack.
   */
  async runStage(perSecond: number, seconds: number, maxInFlight = 4_000): Promise<StageResult> {
    const latencies = new Latencies();
    let sent = 0;
    let acked = 0;
    let ackedInWindow = 0;
    let errors = 0;
    let notSent = 0;
    let inFlight = 0;
    let readerIndex = 0;
    const start = performance.now();
    const end = start + seconds * 1000;

    const send = (reader: LoadReader) => {
      const card = this.pickCard(reader);
      if (!card || inFlight >= maxInFlight) {
        notSent++;
        return;
      }
      card.busy = true;
      inFlight++;
      sent++;
      const sentAt = performance.now();
      reader.client
        .tap(
          { cardUid: card.uid, tappedAt: new Date().toISOString(), direction: card.inside ? 'out' : 'in' },
          ACK_TIMEOUT_MS,
        )
        .then(
          (result) => {
            const now = performance.now();
            latencies.add(now - sentAt);
            acked++;
            if (now <= end) ackedInWindow++;
            if (result.outcome === 'checked_in') card.inside = true;
            else if (result.outcome === 'checked_out') card.inside = false;
            else errors++;
          },
          () => errors++,
        )
        .finally(() => {
          card.busy = false;
          inFlight--;
        });
    };

    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - start) / 1000) * perSecond);
      while (sent + notSent < due) {
        send(this.readers[readerIndex]!);
        readerIndex = (readerIndex + 1) % this.readers.length;
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    const drainUntil = performance.now() + DRAIN_LIMIT_MS;
    while (inFlight > 0 && performance.now() < drainUntil)
      await new Promise((resolve) => setTimeout(resolve, 20));
    errors += inFlight;
    return {
      targetPerSecond: perSecond,
      durationSeconds: seconds,
      sent,
      acked,
      ackedPerSecond: Math.round(ackedInWindow / seconds),
      errors,
      notSent,
      latencyMs: latencies.summary(),
    };
  }
}
