import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TapResult } from '@contract/checkins/reader.protocol.js';
import { Delivery, type DeliveryRoutes } from './delivery.js';
import { TapQueue, type QueuedTap } from './tap-queue.js';
import { KeyInvalidError, SendFailedError } from './transports.js';

const tap = (n: number): QueuedTap => ({
  eventId: randomUUID(),
  cardUid: `AABBCCDD${String(n).padStart(4, '0')}`,
  tappedAt: new Date(Date.UTC(2024, 0, 1, 9, 0, 0, n)).toISOString(),
  direction: 'toggle',
});
const answer = (taps: QueuedTap[]): TapResult[] =>
  taps.map((t) => ({ eventId: t.eventId, outcome: 'unknown_card', duplicate: false, occupancy: 0 }));

describe('Delivery', () => {
  let dir: string;
  let queue: TapQueue;
  let delivery: Delivery | undefined;
  const sent: Array<{ via: string; ids: string[] }> = [];
  const retries: string[] = [];
  let keyRefusals = 0;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'reader-delivery-'));
    queue = TapQueue.open(dir);
    sent.length = 0;
    retries.length = 0;
    keyRefusals = 0;
  });
  afterEach(() => {
    delivery?.stop();
    queue.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(routes: Partial<DeliveryRoutes>, httpFallbackAfterMs = 10_000) {
    const record = (via: string) => (taps: QueuedTap[]) => {
      sent.push({ via, ids: taps.map((t) => t.eventId) });
      return Promise.resolve(answer(taps));
    };
    delivery = new Delivery(
      queue,
      {
        socketConnected: () => true,
        socketDownForMs: () => 0,
        sendOverSocket: record('socket'),
        sendOverHttp: record('http'),
        ...routes,
      },
      {
        delivered: () => undefined,
        retrying: (reason) => retries.push(reason),
        keyInvalid: () => (keyRefusals += 1),
      },
      { httpFallbackAfterMs, backoff: { baseMs: 5, capMs: 20 } },
    );
    void delivery.run();
    return delivery;
  }

  it('sends a backlog oldest first in batches of at most 500, and empties the queue', async () => {
    const taps = Array.from({ length: 1_001 }, (_, i) => tap(i));
    for (const t of taps) queue.append(t);
    await start({}).drained();
    expect(sent.map((s) => s.ids.length)).toEqual([500, 500, 1]);
    expect(sent.flatMap((s) => s.ids)).toEqual(taps.map((t) => t.eventId));
    expect(queue.size).toBe(0);
  });

  it('keeps taps after a failed or timed-out send and sends them again, in order', async () => {
    const taps = [tap(1), tap(2), tap(3)];
    for (const t of taps) queue.append(t);
    let calls = 0;
    await start({
      sendOverSocket: (batch) => {
        calls += 1;
        sent.push({ via: 'socket', ids: batch.map((t) => t.eventId) });
        if (calls <= 2)
          return Promise.reject(
            new SendFailedError(calls === 1 ? 'tap_failed: db down' : 'no acknowledgement in time'),
          );
        return Promise.resolve(answer(batch));
      },
    }).drained();
    expect(retries).toEqual(['tap_failed: db down', 'no acknowledgement in time']);
    expect(sent.map((s) => s.ids)).toEqual(Array(3).fill(taps.map((t) => t.eventId)));
    expect(queue.size).toBe(0);
  });

  it('falls back to HTTP only after the socket has been down for a while', async () => {
    let downFor = 0;
    queue.append(tap(1));
    const running = start({ socketConnected: () => false, socketDownForMs: () => downFor }, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toEqual([]);
    downFor = 5_000;
    running.connected(); // wakes the wait; now past the fallback delay
    await running.drained();
    expect(sent.map((s) => s.via)).toEqual(['http']);
  });

  it('stops sending, but keeps the queue, when the key is refused', async () => {
    queue.append(tap(1));
    const running = start({ sendOverSocket: () => Promise.reject(new KeyInvalidError()) });
    await running.drained();
    expect(running.stoppedByKey).toBe(true);
    expect(keyRefusals).toBe(1);
    queue.append(tap(2));
    running.tapQueued();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(queue.size).toBe(2);
  });
});
