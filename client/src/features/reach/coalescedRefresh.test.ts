import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedRefresh } from './coalescedRefresh';

/** A fetch the test finishes by hand, counting how many were started. */
function fetches() {
  const pending: (() => void)[] = [];
  return {
    started: () => pending.length,
    run: () => new Promise<void>((resolve) => pending.push(resolve)),
    finish: async (index: number) => {
      pending[index]!();
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('coalesced refresh', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns a burst of pushes into one fetch now and one after the interval', async () => {
    const f = fetches();
    const refresh = coalescedRefresh(f.run, 2000);
    for (let i = 0; i < 50; i++) refresh.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(f.started()).toBe(1);
    // More pushes while the fetch runs: one more after it, not before the interval is up.
    for (let i = 0; i < 50; i++) refresh.request();
    await f.finish(0);
    await vi.advanceTimersByTimeAsync(1999);
    expect(f.started()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.started()).toBe(2);
    // Pushes after it: one more again, an interval after the last start.
    await f.finish(1);
    for (let i = 0; i < 50; i++) refresh.request();
    await vi.advanceTimersByTimeAsync(1999);
    expect(f.started()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.started()).toBe(3);
    await f.finish(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(f.started()).toBe(3);
  });

  it('fetches at once for another warning, and the superseded answer starts nothing', async () => {
    const f = fetches();
    const refresh = coalescedRefresh(f.run, 2000);
    refresh.now();
    refresh.request();
    refresh.now();
    expect(f.started()).toBe(2);
    await f.finish(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.started()).toBe(2);
    await f.finish(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.started()).toBe(2);
  });

  it('holds fetches while the page is hidden and runs one when it shows again', async () => {
    const f = fetches();
    let hidden = true;
    const refresh = coalescedRefresh(f.run, 2000, { paused: () => hidden });
    for (let i = 0; i < 10; i++) {
      refresh.request();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(f.started()).toBe(0);
    hidden = false;
    refresh.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(f.started()).toBe(1);
    refresh.resume();
    await f.finish(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.started()).toBe(1);
  });

  it('forgets what is pending when stopped, and works again afterwards', async () => {
    const f = fetches();
    const refresh = coalescedRefresh(f.run, 2000);
    refresh.now();
    refresh.request();
    refresh.stop();
    await f.finish(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.started()).toBe(1);
    refresh.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(f.started()).toBe(2);
  });
});
