import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';

export interface RateLimit {
  /** Stable name, part of the Redis key: `login-address`, `login-account`. */
  name: string;
  /** Attempts allowed per window; `Infinity` for a counter that only counts. */
  limit: number;
  windowMs: number;
}

/** Where the counts live: shared through the node's Redis, or this process's memory. */
export type SharedStore = { redis: Redis; keyPrefix: string; logger: Logger } | null;

/** How many attempts a key has made in its window, and how long until the window ends. */
export interface Count {
  count: number;
  msLeft: number;
}

/**
 * A fixed-window attempt counter per key (rate-limiter-flexible). `consume` counts the attempt
 * and says whether it is allowed in one atomic step, so concurrent attempts on several nodes
 * cannot all slip under the limit. Keys hold a hash of the user name or address, never the value.
 */
export interface RateLimiter {
  /** Counts one attempt for `key`: 0 when within the limit, else the seconds until it may retry. */
  consume(key: string): Promise<number>;
  /** Counts one attempt and returns the window's count (for limits the caller computes itself). */
  count(key: string): Promise<Count>;
  /** Takes back one counted attempt (one the caller refused before doing anything). */
  refund(key: string): Promise<void>;
  /** The window's count without counting, or null when the key has no window. */
  peek(key: string): Promise<Count | null>;
  /** Forgets `key` (after a successful login). */
  reset(key: string): Promise<void>;
}

const digest = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/** rate-limiter-flexible wants whole seconds and a finite number of points. */
function flexibleOptions(rule: RateLimit) {
  return {
    points: Number.isFinite(rule.limit) ? rule.limit : Number.MAX_SAFE_INTEGER,
    duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
  };
}

const countOf = (res: RateLimiterRes): Count => ({
  count: res.consumedPoints,
  msLeft: Math.max(0, res.msBeforeNext),
});

/**
 * Counts in Redis when the node has it, shared by every node, so a limit holds per user and per
 * address, not per node. While Redis is unreachable the node counts in its own memory (logged
 * once per outage) rather than refusing every login; without Redis, memory is the only store.
 */
class FlexibleRateLimiter implements RateLimiter {
  private readonly memory: RateLimiterMemory;
  private readonly redis: RateLimiterRedis | null;
  private degraded = false;

  constructor(
    private readonly rule: RateLimit,
    private readonly shared: SharedStore,
  ) {
    this.memory = new RateLimiterMemory({ ...flexibleOptions(rule), keyPrefix: rule.name });
    this.redis = shared
      ? new RateLimiterRedis({
          ...flexibleOptions(rule),
          storeClient: shared.redis,
          keyPrefix: `${shared.keyPrefix}:ratelimit:${rule.name}`,
          // Fail over to memory at once while the connection is down instead of queueing.
          rejectIfRedisNotReady: true,
        })
      : null;
  }

  async consume(key: string): Promise<number> {
    try {
      await this.use((limiter) => limiter.consume(digest(key)));
      return 0;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
    }
  }

  async count(key: string): Promise<Count> {
    try {
      return countOf(await this.use((limiter) => limiter.consume(digest(key))));
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return countOf(refused);
    }
  }

  async refund(key: string): Promise<void> {
    await this.use((limiter) => limiter.reward(digest(key), 1));
  }

  async peek(key: string): Promise<Count | null> {
    const res = await this.use((limiter) => limiter.get(digest(key)));
    return res ? countOf(res) : null;
  }

  async reset(key: string): Promise<void> {
    await this.memory.delete(digest(key));
    if (this.redis) await this.use((limiter) => limiter.delete(digest(key)));
  }

  /** Runs `operation` on Redis, or on memory when there is no Redis or it fails. */
  private async use<T>(operation: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> {
    if (!this.redis) return operation(this.memory);
    try {
      const result = await operation(this.redis);
      this.recovered();
      return result;
    } catch (error) {
      // A refusal is an answer from Redis, not a failure to reach it.
      if (error instanceof RateLimiterRes) {
        this.recovered();
        throw error;
      }
      this.failed(error);
      return operation(this.memory);
    }
  }

  private failed(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.shared?.logger.warn(
      { limiter: this.rule.name, err: error instanceof Error ? error.message : String(error) },
      'rate limiter: redis unavailable, counting on this node only',
    );
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.shared?.logger.info({ limiter: this.rule.name }, 'rate limiter: counting in redis again');
  }
}

/** Redis-backed when the node has Redis (memory while it is away), in memory otherwise. */
export function createRateLimiter(rule: RateLimit, shared: SharedStore): RateLimiter {
  return new FlexibleRateLimiter(rule, shared);
}
