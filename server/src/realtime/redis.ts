import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export class RedisUnavailableError extends Error {}

/** The URL without user name and password, for messages and logs. */
export function redactedRedisUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/**
 * The Redis connections of one node. A connection that has subscribed takes no other commands,
 * so the Socket.IO adapter gets a subscriber of its own.
 */
export interface RedisConnections {
  /** Commands (rate limits) and the adapter's publishing. */
  readonly command: Redis;
  /** The adapter's subscriptions; re-subscribed by ioredis after every reconnect. */
  readonly subscriber: Redis;
  /** REDIS_KEY_PREFIX: every key and channel of this installation starts with it. */
  readonly keyPrefix: string;
  close(): Promise<void>;
}

/** Back off up to 5 s between attempts; ioredis never gives up once the node is running. */
const retryDelay = (attempt: number) => Math.min(attempt * 200, 5000);

function watch(client: Redis, role: string, target: string, logger: Logger): void {
  let lost = false;
  client.on('error', (error: Error) => {
    // ioredis repeats the error on every retry: say it once per outage.
    if (lost) return;
    lost = true;
    logger.error({ redis: target, role, err: error.message }, 'redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    logger.warn({ redis: target, role }, 'redis reconnected');
  });
}

async function open(url: string, role: string, logger: Logger, timeoutMs: number): Promise<Redis> {
  const target = redactedRedisUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: `hinan-${role}`,
    connectTimeout: timeoutMs,
    retryStrategy: retryDelay,
    // While Redis is away, commands fail at once instead of piling up in memory: the rate limiter
    // falls back to its per-node count, and events still reach this node's own sockets (everyone
    // else catches up from the database when they reconnect).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  try {
    // The first attempt decides start-up: a node that cannot reach Redis must not serve as if alone.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      client.once('error', reject);
      client.connect().then(
        () => {
          clearTimeout(timer);
          client.off('error', reject);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  } catch (error) {
    client.disconnect();
    throw new RedisUnavailableError(
      `Redis at ${target} is unavailable (${error instanceof Error ? error.message : String(error)}). ` +
        'Start Redis or unset REDIS_URL to run a single node.',
    );
  }
  watch(client, role, target, logger);
  return client;
}

/** Connects both connections or throws RedisUnavailableError naming the (password-free) URL. */
export async function connectRedis(
  url: string,
  keyPrefix: string,
  logger: Logger,
  options: { timeoutMs?: number } = {},
): Promise<RedisConnections> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const command = await open(url, 'command', logger, timeoutMs);
  let subscriber: Redis;
  try {
    subscriber = await open(url, 'subscriber', logger, timeoutMs);
  } catch (error) {
    command.disconnect();
    throw error;
  }
  return {
    command,
    subscriber,
    keyPrefix,
    async close() {
      await Promise.allSettled([command.quit(), subscriber.quit()]);
    },
  };
}
