import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import { sessionIdFromCookieHeader } from '../modules/auth/auth.middleware.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from './events.js';

export interface SocketData {
  user: SessionUser | null;
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
  const joined = [rooms.public, rooms.user(user.id)];
  if (user.role === 'hq_operator' || user.role === 'admin') joined.push(rooms.hq);
  for (const shelterId of user.shelterIds) joined.push(rooms.shelter(shelterId));
  return joined;
}

export function createRealtimeServer(
  httpServer: HttpServer,
  auth: AuthService,
  logger: Logger,
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // A socket payload larger than this is dropped with the connection: no client can make the
    // server buffer megabytes.
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
  });

  // Authenticate on connect with the same session cookie as HTTP; no cookie = public only.
  io.use((socket, next) => {
    auth
      .resolve(sessionIdFromCookieHeader(socket.handshake.headers.cookie))
      .then((user) => {
        socket.data.user = user;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('authentication unavailable'));
      });
  });

  io.on('connection', (socket) => {
    void socket.join(roomsFor(socket.data.user));
  });

  return io;
}
