import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAnswers, TEST_REDIS_URL } from '@test/support/redis.js';
import { createLogger } from '../logger.js';
import { createRateLimiter } from './rate-limiter.js';

/** Real Redis (test/support/redis.ts); each test uses keys of its own prefix. */
const REDIS_URL = TEST_REDIS_URL;
const logger = createLogger('silent');
const rule = { name: 'test', limit: 3, windowMs: 60_000 };

describe('rate limiter in memory', () => {
  it('allows the limit, then names the wait; reset starts again; keys are independent', async () => {
    const limiter = createRateLimiter(rule, null);
    for (let i = 0; i < 3; i += 1) expect(await limiter.consume('a')).toBe(0);
    const wait = await limiter.consume('a');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await limiter.consume('b')).toBe(0);
    await limiter.reset('a');
    expect(await limiter.consume('a')).toBe(0);
  });

  it('counts, refunds and peeks without counting', async () => {
    const counter = createRateLimiter({ name: 'count', limit: Infinity, windowMs: 60_000 }, null);
    expect(await counter.peek('k')).toBeNull();
    expect((await counter.count('k')).count).toBe(1);
    expect((await counter.count('k')).count).toBe(2);
    await counter.refund('k');
    expect(await counter.peek('k')).toMatchObject({ count: 1 });
    expect((await counter.peek('k'))!.msLeft).toBeGreaterThan(50_000);
  });
});

describe.skipIf(!(await redisAnswers()))('rate limiter shared through Redis', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());
  // The limiter counts in memory while the connection is not ready yet, as it does during an outage.
  beforeAll(() => redis.ping());

  it('holds the limit across nodes', async () => {
    const shared = { redis, keyPrefix: `test-rl-${randomUUID().slice(0, 8)}`, logger };
    const [a, b, c] = [1, 2, 3].map(() => createRateLimiter(rule, shared));
    expect([await a!.consume('k'), await b!.consume('k'), await c!.consume('k')]).toEqual([0, 0, 0]);
    expect(await a!.consume('k')).toBeGreaterThan(0);
    await b!.reset('k');
    expect(await c!.consume('k')).toBe(0);
  });

  it('counts on its own node while Redis is unreachable', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const limiter = createRateLimiter(rule, { redis: unreachable, keyPrefix: 'test-rl-down', logger });
    for (let i = 0; i < 3; i += 1) expect(await limiter.consume('k')).toBe(0);
    expect(await limiter.consume('k')).toBeGreaterThan(0);
    unreachable.disconnect();
  });
});
