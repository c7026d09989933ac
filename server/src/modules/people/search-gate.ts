import { AppError } from '../../http/errors.js';

/**
 * Bounds what person searches may cost one node. Fuzzy name matching is the most expensive read
 * staff can start (trigram scans over every resident), and the embedded database runs one
 * statement at a time, so a few searches at once could hold up every other request. Each account
 * may run one search at a time and a limited number per minute; the node runs a few at once.
 * Counted in this process's memory on purpose: it protects this node's CPU and database.
 */
export interface SearchLimits {
  /** Searches one account may start per minute. */
  perUserPerMinute: number;
  /** Searches running at once on this node, all accounts together. */
  concurrentPerNode: number;
}

export const SEARCH_LIMITS: SearchLimits = { perUserPerMinute: 60, concurrentPerNode: 4 };

const WINDOW_MS = 60_000;

const busy = (
  id: 'search_in_progress' | 'search_busy' | 'search_rate_limited',
  message: string,
  retryAfterSeconds: number,
) => new AppError(429, id, message, { retryAfterSeconds });

export class SearchGate {
  private readonly running = new Set<string>();
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limits: SearchLimits = SEARCH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `search` for `userId` if the limits allow it, else refuses with a 429. */
  async run<T>(userId: string, search: () => Promise<T>): Promise<T> {
    if (this.running.has(userId)) {
      throw busy('search_in_progress', 'Wait for your previous search to finish.', 1);
    }
    if (this.running.size >= this.limits.concurrentPerNode) {
      throw busy('search_busy', 'Many searches are running; try again in a moment.', 1);
    }
    const wait = this.count(userId);
    if (wait > 0) {
      throw busy('search_rate_limited', `Too many searches. Try again in ${wait} seconds.`, wait);
    }
    this.running.add(userId);
    try {
      return await search();
    } finally {
      this.running.delete(userId);
    }
  }

  /** Counts one search; 0 when within the limit, else seconds until the window ends. */
  private count(userId: string): number {
    const now = this.now();
    let window = this.windows.get(userId);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 10_000) {
        for (const [key, old] of this.windows) if (old.resetAt <= now) this.windows.delete(key);
      }
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(userId, window);
    }
    window.count += 1;
    return window.count > this.limits.perUserPerMinute ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }
}
