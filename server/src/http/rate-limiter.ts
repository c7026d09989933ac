import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * A fixed-window attempt counter per key. `consume` counts the attempt and says whether it is
 * allowed, in one step, so concurrent attempts on several nodes cannot all slip under the limit.
 */
export interface RateLimiter {
  /** Counts one attempt for `key`: 0 when within the limit, else the seconds until it may retry. */
  consume(key: string): Promise<number>;
  /** Forgets `key` (after a successful login). */
  reset(key: string): Promise<void>;
}

export interface RateLimit {
  /** Stable name, part of the Redis key: `login-address`, `login-account`. */
  name: string;
  limit: number;
  windowMs: number;
}

/** Counts in this process's memory: the store of a single node, and the fallback while Redis is away. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly rule: RateLimit,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  consume(key: string): Promise<number> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      // Bound memory under a flood of distinct keys: drop expired windows, then the oldest.
      if (this.windows.size >= this.maxKeys) this.prune(now);
      window = { count: 0, resetAt: now + this.rule.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return Promise.resolve(window.count > this.rule.limit ? Math.ceil((window.resetAt - now) / 1000) : 0);
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}

/** INCR, start the window on the first hit, return the count and the window's remaining ms. Atomic. */
const CONSUME_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * Counts in Redis, shared by every node, so a limit holds per user and per address, not per node.
 * Keys hold a hash of the user name or address, never the value itself. While Redis is
 * unreachable the node counts on its own (logged once per outage) rather than refusing every login.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback: MemoryRateLimiter;
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly rule: RateLimit,
    private readonly logger: Logger,
  ) {
    this.fallback = new MemoryRateLimiter(rule);
  }

  async consume(key: string): Promise<number> {
    try {
      const [count, ttlMs] = (await this.redis.eval(
        CONSUME_SCRIPT,
        1,
        this.redisKey(key),
        String(this.rule.windowMs),
      )) as [number, number];
      this.recovered();
      return count > this.rule.limit ? Math.max(1, Math.ceil(ttlMs / 1000)) : 0;
    } catch (error) {
      this.failed(error);
      return this.fallback.consume(key);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    try {
      await this.redis.del(this.redisKey(key));
    } catch (error) {
      this.failed(error);
    }
  }

  private redisKey(key: string): string {
    const digest = createHash('sha256').update(key).digest('base64url').slice(0, 32);
    return `${this.keyPrefix}:ratelimit:${this.rule.name}:${digest}`;
  }

  private failed(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      { limiter: this.rule.name, err: error instanceof Error ? error.message : String(error) },
      'rate limiter: redis unavailable, counting on this node only',
    );
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.info({ limiter: this.rule.name }, 'rate limiter: counting in redis again');
  }
}

/** Redis-backed when the node has Redis, in memory otherwise. */
export function createRateLimiter(
  rule: RateLimit,
  shared: { redis: Redis; keyPrefix: string; logger: Logger } | null,
): RateLimiter {
  return shared
    ? new RedisRateLimiter(shared.redis, shared.keyPrefix, rule, shared.logger)
    : new MemoryRateLimiter(rule);
}
