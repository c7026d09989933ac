import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { RedisConnections } from './redis.js';

/**
 * The publisher the adapter is given. The adapter ignores the promise `publish` returns; while
 * Redis is away that promise rejects (no offline queue), which would be an unhandled rejection
 * and end the process. Here it is caught and counted instead: this node's own sockets still get
 * the event, and everyone else refetches from the database when their socket reconnects.
 */
function guardedPublisher(client: Redis, logger: Logger): Redis {
  let failedSinceLastLog = 0;
  const publish = (...args: Parameters<Redis['publish']>) => {
    const sent = client.publish(...args);
    sent.catch((error: unknown) => {
      failedSinceLastLog += 1;
      if (failedSinceLastLog === 1 || failedSinceLastLog % 1000 === 0) {
        logger.warn(
          { failed: failedSinceLastLog, err: error instanceof Error ? error.message : String(error) },
          'socket.io: event not published to other nodes (redis unavailable)',
        );
      }
    });
    void sent.then(
      () => {
        failedSinceLastLog = 0;
      },
      () => undefined,
    );
    return sent;
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish') return publish;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Socket.IO over Redis pub/sub (`@socket.io/redis-adapter`), chosen over the Redis Streams
 * adapter on purpose: Streams exist to replay missed packets for connection-state recovery, and
 * this system does not rely on that — a resident catches up from their inbox position, HQ and
 * consoles refetch counters and rosters over REST on every (re)connect. Plain pub/sub keeps no
 * backlog in Redis, costs one PUBLISH per emit, and works on any Redis 5+ (including managed ones).
 */
export function redisAdapter(redis: RedisConnections, logger: Logger): ReturnType<typeof createAdapter> {
  return createAdapter(guardedPublisher(redis.command, logger), redis.subscriber, {
    key: `${redis.keyPrefix}:socket.io`,
    // fetchSockets / socketsJoin across nodes (family rooms) wait at most this long for answers.
    requestsTimeout: 5000,
  });
}
