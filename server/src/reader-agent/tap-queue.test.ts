import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TapQueue, type QueuedTap } from './tap-queue.js';

const tap = (n: number): QueuedTap => ({
  eventId: randomUUID(),
  cardUid: `0102030405${String(n).padStart(6, '0')}`,
  tappedAt: new Date(Date.UTC(2024, 0, 1, 9, 0, n)).toISOString(),
  direction: 'toggle',
});

describe('TapQueue', () => {
  let root: string;
  let dir: string;
  const journal = () => path.join(dir, 'journal.jsonl');

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'reader-queue-'));
    dir = path.join(root, 'nested', 'queue');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates its directory and keeps taps across a reopen, in the order they were read', () => {
    const queue = TapQueue.open(dir);
    const taps = [tap(1), tap(2), tap(3)];
    for (const t of taps) queue.append(t);
    queue.close();

    const reopened = TapQueue.open(dir);
    expect(reopened.pending()).toEqual(taps);
    reopened.close();
  });

  it('forgets acknowledged taps and reloads only the rest, still in order', () => {
    const queue = TapQueue.open(dir);
    const taps = [tap(1), tap(2), tap(3), tap(4)];
    for (const t of taps) queue.append(t);
    queue.ack([
      { eventId: taps[1]!.eventId, outcome: 'checked_in' },
      { eventId: randomUUID(), outcome: 'checked_in' },
    ]);
    queue.ack([{ eventId: taps[0]!.eventId, outcome: 'rejected' }]);
    expect(queue.pending()).toEqual([taps[2], taps[3]]);
    const fifth = tap(5);
    queue.append(fifth);
    queue.close();

    const reopened = TapQueue.open(dir);
    expect(reopened.pending()).toEqual([taps[2], taps[3], fifth]);
    reopened.close();
  });

  it('ignores a torn last line after a crash and appends cleanly after it', () => {
    const queue = TapQueue.open(dir);
    const kept = tap(1);
    queue.append(kept);
    queue.close();
    const whole = JSON.stringify({ type: 'tap', ...tap(2) });
    appendFileSync(journal(), whole.slice(0, whole.length - 7)); // power cut mid-write

    const reopened = TapQueue.open(dir);
    expect(reopened.pending()).toEqual([kept]);
    expect(reopened.recovery.tornBytes).toBe(whole.length - 7);
    const next = tap(3);
    reopened.append(next);
    reopened.close();

    const again = TapQueue.open(dir);
    expect(again.pending()).toEqual([kept, next]);
    expect(again.recovery).toEqual({ tornBytes: 0, unreadableLines: 0 });
    again.close();
  });

  it('drops zero-filled garbage at the end and skips (and reports) an unreadable line in the middle', () => {
    const taps = [tap(1), tap(2)];
    const line = (t: QueuedTap) => `${JSON.stringify({ type: 'tap', ...t })}\n`;
    TapQueue.open(dir).close();
    writeFileSync(
      journal(),
      `${line(taps[0]!)}{"type":"tap","eventId":"oops"}\n${line(taps[1]!)}\0\0\0\0\n\0\0`,
    );

    const queue = TapQueue.open(dir);
    expect(queue.pending()).toEqual(taps);
    expect(queue.recovery).toEqual({ tornBytes: 7, unreadableLines: 1 });
    queue.close();
  });

  it('compacts the journal to nothing once every tap is acknowledged', () => {
    const queue = TapQueue.open(dir);
    const taps = [tap(1), tap(2)];
    for (const t of taps) queue.append(t);
    expect(statSync(journal()).size).toBeGreaterThan(0);
    queue.ack(taps.map((t) => ({ eventId: t.eventId, outcome: 'checked_in' })));
    expect(statSync(journal()).size).toBe(0);
    const later = tap(3);
    queue.append(later);
    queue.close();
    expect(readFileSync(journal(), 'utf8').trim().split('\n')).toHaveLength(1);
    const reopened = TapQueue.open(dir);
    expect(reopened.pending()).toEqual([later]);
    reopened.close();
  });

  it('rewrites a journal full of acknowledgements behind a long backlog, keeping order', () => {
    const queue = TapQueue.open(dir, { compactAfterAcks: 50 });
    const oldest = tap(0);
    queue.append(oldest);
    for (let i = 1; i <= 120; i += 1) {
      const t = tap(i);
      queue.append(t);
      queue.ack([{ eventId: t.eventId, outcome: 'checked_in' }]);
    }
    const latest = tap(121);
    queue.append(latest);
    expect(queue.pending()).toEqual([oldest, latest]);
    expect(readFileSync(journal(), 'utf8').trim().split('\n').length).toBeLessThan(50);
    queue.close();

    const reopened = TapQueue.open(dir);
    expect(reopened.pending()).toEqual([oldest, latest]);
    reopened.close();
  });

  it('refuses a malformed tap instead of queueing something the server would never accept', () => {
    const queue = TapQueue.open(dir);
    expect(() => queue.append({ ...tap(1), cardUid: 'not hex' })).toThrow();
    expect(queue.size).toBe(0);
    queue.close();
  });
});
