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
import { originAllowed } from './allowed-origins.js';
import { trustedClientAddress } from './client-address.js';
import { DEFAULT_SESSION_WATCH, SessionWatch, type SessionWatchTiming } from './session-watch.js';
import { SocketEvents } from './socket-handler.js';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-limits.js';
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
  /** Proxies in front whose X-Forwarded-For is believed (TRUST_PROXY), as for HTTP requests. */
  trustProxyHops?: number;
  /** Browser origins allowed besides the server's own (PUBLIC_BASE_URL's, SOCKET_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  sessionWatch?: SessionWatchTiming;
}

const socketEvents = new WeakMap<object, SocketEvents<ClientToServerEvents>>();

/**
 * The event handling of a socket of the main namespace (socket-handler.ts), bound to its session:
 * every handler registers through it.
 */
export function socketEventsOf(socket: RealtimeSocket): SocketEvents<ClientToServerEvents> {
  const events = socketEvents.get(socket);
  if (!events) throw new Error('socket events asked for before the socket connected');
  return events;
}

export function createRealtimeServer(
  httpServer: HttpServer,
  auth: AuthService,
  logger: Logger,
  limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
  options: RealtimeOptions = {},
): RealtimeServer {
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // A socket payload larger than this is dropped with the connection: no client can make the
    // server buffer megabytes.
    maxHttpBufferSize: 64 * 1024,
    transports: options.transports ?? ['polling', 'websocket'],
    allowRequest: (request, callback) => callback(null, originAllowed(request, allowedOrigins)),
    // No connection-state recovery, on one node or many. Recovery hands a returning socket its
    // old rooms and data without asking whether its session, reader key or family designations
    // still hold, and re-checking all of that is exactly a fresh connection. Nothing is lost by a
    // fresh one: residents catch up from their inbox position, HQ and consoles refetch over REST
    // on every (re)connect, readers resend unacknowledged taps.
    ...(options.redis ? { adapter: redisAdapter(options.redis, logger) } : {}),
  });

  // With Redis the caps hold across nodes (a user's sockets on every node count together).
  const connections = options.redis
    ? new RedisConnectionSlots(options.redis.command, options.redis.keyPrefix, logger)
    : new MemoryConnectionSlots();
  const sessions = new SessionWatch(auth, logger, options.sessionWatch ?? DEFAULT_SESSION_WATCH);
  httpServer.once('close', () => {
    connections.close();
    sessions.close();
  });
  // A session ended on purpose ends its sockets on every node (the adapter carries it through
  // Redis); each node then drops what it knew about the session.
  auth.onSessionsEnded = (idHashes) => {
    for (const idHash of idHashes) {
      sessions.forget(idHash);
      io.to(rooms.session(idHash)).emit('session:expired');
      io.in(rooms.session(idHash)).disconnectSockets(true);
    }
  };
  // Authenticate on connect with the same session cookie as HTTP; no cookie = public only.
  io.use((socket, next) => {
    auth
      .resolve(sessionIdFromCookieHeader(socket.handshake.headers.cookie))
      .then(async (user) => {
        // Anonymous sockets count against the client's address as HTTP sees it (TRUST_PROXY):
        // behind a proxy every TCP peer is the proxy.
        const address = trustedClientAddress(socket.request, options.trustProxyHops ?? 0);
        const key = user ? `user:${user.id}` : `address:${address}`;
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
    const user = socket.data.user;
    socketEvents.set(
      socket,
      new SocketEvents<ClientToServerEvents>(socket, {
        logger,
        limits,
        stillValid: user ? () => sessions.isLive(user.sessionIdHash) : () => true,
      }),
    );
    const residentId = user?.residentId;
    if (residentId) residentSockets.connected(residentId);
    if (user) sessions.watch(user.sessionIdHash, socket);
    socket.on('disconnect', () => {
      connections.release(socket.data.connectionKey, socket.id);
      if (residentId) residentSockets.disconnected(residentId);
      if (user) sessions.unwatch(user.sessionIdHash, socket);
    });
    const joined = roomsFor(user);
    if (user) joined.push(rooms.session(user.sessionIdHash));
    void socket.join(joined);
  });

  return io;
}
