/**
 * A signed-in screen that someone is using keeps its session: the server slides a session only
 * on requests, and live screens (the HQ map, the shelter console) can be used for a long time
 * with sockets alone. While the person clicks, types or scrolls, the session is refreshed at most
 * once per interval; a screen nobody touches still ends at the idle timeout, as it must.
 */
export const KEEP_ALIVE_INTERVAL_MS = 20_000;

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export interface KeepAliveClock {
  lastActivity: number;
  lastRefresh: number;
}

/** True when someone used the page since the last refresh and the interval has passed. */
export function refreshDue(clock: KeepAliveClock, now: number, intervalMs = KEEP_ALIVE_INTERVAL_MS): boolean {
  return clock.lastActivity > clock.lastRefresh && now - clock.lastRefresh >= intervalMs;
}

/** Starts watching for use of the page; `refresh` is called when due. Returns the stop function. */
export function startActivityKeepAlive(
  refresh: () => Promise<unknown>,
  intervalMs = KEEP_ALIVE_INTERVAL_MS,
): () => void {
  const clock: KeepAliveClock = { lastActivity: 0, lastRefresh: Date.now() };
  let refreshing = false;
  const noteActivity = () => {
    clock.lastActivity = Date.now();
    if (refreshing || !refreshDue(clock, clock.lastActivity, intervalMs)) return;
    refreshing = true;
    clock.lastRefresh = clock.lastActivity;
    // A failed refresh is not this hook's to report: the screens show an unreachable server.
    refresh()
      .catch(() => undefined)
      .finally(() => {
        refreshing = false;
      });
  };
  for (const event of ACTIVITY_EVENTS) window.addEventListener(event, noteActivity, { passive: true });
  return () => {
    for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, noteActivity);
  };
}
