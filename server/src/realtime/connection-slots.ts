import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { ConnectionCounter } from './socket-limits.js';

/**
 * Open-socket slots per key (a user, or an anonymous address), capped. Taking a slot and checking
 * the cap is one step, so sockets opening at once on several nodes cannot all slip under it.
 */
export interface ConnectionSlots {
  /** Takes a slot for `socketId` under `key`; false when `cap` slots are taken. */
  tryAcquire(key: string, socketId: string, cap: number): Promise<boolean>;
  /** Gives the slot back (the socket disconnected). */
  release(key: string, socketId: string): void;
  close(): void;
}

/** One node's own count: the embedded default, and the fallback while Redis is away. */
export class MemoryConnectionSlots implements ConnectionSlots {
  private readonly counter = new ConnectionCounter();

  tryAcquire(key: string, _socketId: string, cap: number): Promise<boolean> {
    return Promise.resolve(this.counter.tryAcquire(key, cap));
  }

  release(key: string): void {
    this.counter.release(key);
  }

  close(): void {}
}

/** A node renews its sockets' leases well before they lapse; a dead node's slots lapse by themselves. */
export const SLOT_LEASE_MS = 60_000;

/**
 * KEYS[1]: the key's sorted set (member = node:socket, score = lease end on Redis's clock).
 * Drops lapsed leases, then takes a slot if one is free. Returns 1 (taken) or 0 (full).
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** KEYS[1]: as above; ARGV[2..]: this node's members under it. Extends the leases still held. */
const RENEW_SCRIPT = `
local t = redis.call('TIME')
local until_ms = t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', until_ms, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 0`;

/**
 * Slots in Redis, shared by every node, so "20 sockets per user" holds for the user, not per node.
 * Each slot is a lease the holding node renews; a node that dies leaves slots that lapse within a
 * minute instead of counting forever. Keys hold a hash of the user id or address. While Redis is
 * unreachable the node counts its own sockets (logged once per outage) rather than refusing all.
 */
export class RedisConnectionSlots implements ConnectionSlots {
  private readonly node = randomUUID();
  private readonly fallback = new MemoryConnectionSlots();
  /** Redis key → this node's socket ids holding a slot there (renewed on a timer). */
  private readonly held = new Map<string, Set<string>>();
  /** Sockets counted by the fallback (taken while Redis was away). */
  private readonly local = new Set<string>();
  private readonly renewTimer: NodeJS.Timeout;
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
    private readonly leaseMs: number = SLOT_LEASE_MS,
  ) {
    this.renewTimer = setInterval(() => void this.renew(), leaseMs / 3);
    this.renewTimer.unref();
  }

  async tryAcquire(key: string, socketId: string, cap: number): Promise<boolean> {
    const redisKey = this.redisKey(key);
    try {
      const taken = await this.redis.eval(
        ACQUIRE_SCRIPT,
        1,
        redisKey,
        String(cap),
        this.member(socketId),
        String(this.leaseMs),
      );
      this.recovered();
      if (taken !== 1) return false;
      const sockets = this.held.get(redisKey) ?? new Set<string>();
      sockets.add(socketId);
      this.held.set(redisKey, sockets);
      return true;
    } catch (error) {
      this.failed(error);
      const taken = await this.fallback.tryAcquire(key, socketId, cap);
      if (taken) this.local.add(socketId);
      return taken;
    }
  }

  release(key: string, socketId: string): void {
    if (this.local.delete(socketId)) {
      this.fallback.release(key);
      return;
    }
    const redisKey = this.redisKey(key);
    const sockets = this.held.get(redisKey);
    if (!sockets?.delete(socketId)) return;
    if (sockets.size === 0) this.held.delete(redisKey);
    // Lost while Redis is away: the lease lapses on its own.
    this.redis.zrem(redisKey, this.member(socketId)).catch((error: unknown) => this.failed(error));
  }

  close(): void {
    clearInterval(this.renewTimer);
  }

  /** One pipeline for every key this node holds slots under. */
  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [redisKey, sockets] of this.held) {
      const members = [...sockets].map((socketId) => this.member(socketId));
      pipeline.eval(RENEW_SCRIPT, 1, redisKey, String(this.leaseMs), ...members);
    }
    try {
      await pipeline.exec();
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
  }

  private member(socketId: string): string {
    return `${this.node}:${socketId}`;
  }

  private redisKey(key: string): string {
    const digest = createHash('sha256').update(key).digest('base64url').slice(0, 32);
    return `${this.keyPrefix}:sockets:${digest}`;
  }

  private failed(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'socket caps: redis unavailable, counting on this node only',
    );
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.info('socket caps: counting in redis again');
  }
}
