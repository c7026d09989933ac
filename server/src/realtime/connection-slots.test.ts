import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAnswers, TEST_REDIS_URL } from '@test/support/redis.js';
import { createLogger } from '../logger.js';
import { MemoryConnectionSlots, RedisConnectionSlots } from './connection-slots.js';

/** Real Redis (test/support/redis.ts); each test uses keys of its own prefix. */
const REDIS_URL = TEST_REDIS_URL;
const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!(await redisAnswers()))('connection slots shared through Redis', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const opened: RedisConnectionSlots[] = [];
  const nodes = (count: number, leaseMs?: number) => {
    const prefix = `test-slots-${randomUUID().slice(0, 8)}`;
    return Array.from({ length: count }, () => {
      const slots = new RedisConnectionSlots(redis, prefix, logger, leaseMs);
      opened.push(slots);
      return slots;
    });
  };

  afterAll(async () => {
    for (const slots of opened) slots.close();
    await redis.quit();
  });

  it('holds one cap for a user across nodes, including sockets opening at the same moment', async () => {
    const [a, b] = nodes(2);
    const tries = Array.from({ length: 12 }, (_, i) =>
      (i % 2 === 0 ? a! : b!).tryAcquire('user:1', `s${i}`, 5),
    );
    const taken = (await Promise.all(tries)).filter(Boolean).length;
    expect(taken).toBe(5);
    // Another user is not affected.
    expect(await b!.tryAcquire('user:2', 'x', 5)).toBe(true);
  });

  it('frees a slot on release, on whichever node asks next', async () => {
    const [a, b] = nodes(2);
    for (let i = 0; i < 3; i += 1) expect(await a!.tryAcquire('user:1', `a${i}`, 3)).toBe(true);
    expect(await b!.tryAcquire('user:1', 'b0', 3)).toBe(false);
    a!.release('user:1', 'a1');
    await sleep(50);
    expect(await b!.tryAcquire('user:1', 'b0', 3)).toBe(true);
  });

  it("lets a dead node's slots lapse, and keeps a live node's slots by renewing them", async () => {
    const [live, dead, other] = nodes(3, 300);
    expect(await live!.tryAcquire('user:1', 'l0', 2)).toBe(true);
    expect(await dead!.tryAcquire('user:1', 'd0', 2)).toBe(true);
    // The dead node stops renewing (as a killed process would) without releasing anything.
    dead!.close();
    expect(await other!.tryAcquire('user:1', 'o0', 2)).toBe(false);
    await sleep(700);
    // Two lease lengths later: the dead node's slot is gone, the live node's is still there.
    expect(await other!.tryAcquire('user:1', 'o0', 2)).toBe(true);
    expect(await other!.tryAcquire('user:1', 'o1', 2)).toBe(false);
  });

  it('counts on its own node while Redis is unreachable', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const slots = new RedisConnectionSlots(unreachable, 'test-slots-down', logger);
    opened.push(slots);
    expect(await slots.tryAcquire('user:1', 's0', 2)).toBe(true);
    expect(await slots.tryAcquire('user:1', 's1', 2)).toBe(true);
    expect(await slots.tryAcquire('user:1', 's2', 2)).toBe(false);
    slots.release('user:1', 's0');
    expect(await slots.tryAcquire('user:1', 's2', 2)).toBe(true);
    unreachable.disconnect();
  });
});

describe('connection slots in memory', () => {
  it('caps per key and frees on release', async () => {
    const slots = new MemoryConnectionSlots();
    expect(await slots.tryAcquire('k', 'a', 1)).toBe(true);
    expect(await slots.tryAcquire('k', 'b', 1)).toBe(false);
    slots.release('k');
    expect(await slots.tryAcquire('k', 'b', 1)).toBe(true);
  });
});
