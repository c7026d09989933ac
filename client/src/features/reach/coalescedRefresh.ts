/** The timer functions the scheduler uses: the browser's, or a test's fake clock. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface CoalescedRefresh {
  /** Something changed: fetch again soon, at most once per interval, never two at once. */
  request(): void;
  /** Fetch now (another warning was chosen): pending requests are folded into this one. */
  now(): void;
  /** The page is visible again: run a fetch that was held while it was hidden. */
  resume(): void;
  /** Forget what is pending (the panel went away); a later request starts afresh. */
  stop(): void;
}

/**
 * Turns a burst of change notices into few fetches: the first runs as soon as the interval since
 * the last one allows, requests while it waits or runs are folded into one more after it, and
 * nothing runs while `paused()` (a hidden page) — the last request runs on `resume()`. Pushes come
 * at most once a second per warning from each server, but an HQ page follows several warnings, on
 * several nodes, from many screens: this keeps it at one fetch per interval per screen.
 */
export function coalescedRefresh(
  run: () => Promise<void>,
  minIntervalMs: number,
  options: { paused?: () => boolean; clock?: Clock } = {},
): CoalescedRefresh {
  const clock = options.clock ?? browserClock;
  const paused = options.paused ?? (() => false);
  let timer: unknown = null;
  /** Id of the fetch in flight (0: none); a fetch `now()` superseded finishes unheard. */
  let inFlight = 0;
  let started = 0;
  let again = false;
  let held = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  const start = () => {
    timer = null;
    if (paused()) {
      held = true;
      return;
    }
    const id = ++started;
    inFlight = id;
    again = false;
    lastStart = clock.now();
    void run()
      .catch(() => undefined)
      .finally(() => {
        if (inFlight !== id) return;
        inFlight = 0;
        if (again) request();
      });
  };

  function request(): void {
    if (inFlight !== 0) {
      again = true;
      return;
    }
    if (timer !== null) return;
    timer = clock.setTimeout(start, Math.max(0, lastStart + minIntervalMs - clock.now()));
  }

  return {
    request,
    now() {
      if (timer !== null) clock.clearTimeout(timer);
      held = false;
      start();
    },
    resume() {
      if (!held) return;
      held = false;
      request();
    },
    stop() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      inFlight = 0;
      again = false;
      held = false;
    },
  };
}
