import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import { sessionIdFromCookieHeader } from '../modules/auth/auth.middleware.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './events.js';
import { redisAdapter } from './redis-adapter.js';
import { attachResidentSockets } from './resident-sockets.js';
import type { RedisConnections } from './redis.js';
import { MemoryConnectionSlots, RedisConnectionSlots } from './connection-slots.js';
import { DEFAULT_SOCKET_LIMITS, limitEventRate, type SocketLimits } from './socket-limits.js';
import { mayWatchHq, mayWatchPublicOccupancy } from '../policies/index.js';

export interface SocketData {
  user: SessionUser | null;
  /** What this socket counts against: its user, or its address when anonymous. */
  connectionKey: string;
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export function roomsFor(user: SessionUser | null): string[] {
  if (!user) return [rooms.public];
  const joined = [rooms.user(user.id)];
  if (user.residentId) joined.push(rooms.resident(user.residentId));
  if (mayWatchPublicOccupancy(user)) joined.push(rooms.public);
  if (mayWatchHq(user)) joined.push(rooms.hq);
  for (const shelterId of user.shelterIds) joined.push(rooms.shelter(shelterId));
  return joined;
}

export interface RealtimeOptions {
  /** Set: events cross nodes through Redis. Unset: the in-memory adapter (one process). */
  redis?: RedisConnections | null;
  /** WebSocket only when several processes share a port without sticky routing. */
  transports?: ('websocket' | 'polling')[];
}

export function createRealtimeServer(
  httpServer: HttpServer,
  auth: AuthService,
  logger: Logger,
  limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
  options: RealtimeOptions = {},
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // A socket payload larger than this is dropped with the connection: no client can make the
    // server buffer megabytes.
    maxHttpBufferSize: 64 * 1024,
    transports: options.transports ?? ['polling', 'websocket'],
    ...(options.redis
      ? // Across nodes a reconnecting socket may land anywhere, so no packet replay: clients catch
        // up from the database (inbox position, REST refetch) on every connect.
        { adapter: redisAdapter(options.redis, logger) }
      : // One process: a short drop is bridged by replaying missed packets from memory.
        { connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 } }),
  });

  // With Redis the caps hold across nodes (a user's sockets on every node count together).
  const connections = options.redis
    ? new RedisConnectionSlots(options.redis.command, options.redis.keyPrefix, logger)
    : new MemoryConnectionSlots();
  httpServer.once('close', () => connections.close());
  // Authenticate on connect with the same session cookie as HTTP; no cookie = public only.
  io.use((socket, next) => {
    auth
      .resolve(sessionIdFromCookieHeader(socket.handshake.headers.cookie))
      .then(async (user) => {
        const key = user ? `user:${user.id}` : `address:${socket.handshake.address}`;
        const cap = user ? limits.socketsPerUser : limits.anonymousSocketsPerAddress;
        if (!(await connections.tryAcquire(key, socket.id, cap))) {
          next(new Error('too_many_connections'));
          return;
        }
        socket.data.user = user;
        socket.data.connectionKey = key;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('authentication unavailable'));
      });
  });

  const residentSockets = attachResidentSockets(io, Boolean(options.redis));
  io.on('connection', (socket) => {
    limitEventRate(socket, limits);
    const residentId = socket.data.user?.residentId;
    if (residentId) residentSockets.connected(residentId);
    socket.on('disconnect', () => {
      connections.release(socket.data.connectionKey, socket.id);
      if (residentId) residentSockets.disconnected(residentId);
    });
    void socket.join(roomsFor(socket.data.user));
  });

  return io;
}
