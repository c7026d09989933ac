import { io, type Socket } from 'socket.io-client';
import { requestSessionCheck } from './account';
import type { ClientToServerEvents, ServerToClientEvents } from './events';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects on the page's own origin; the session cookie authenticates the socket. */
export function connectSocket(): AppSocket {
  const socket: AppSocket = io({
    path: '/socket.io',
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });
  // Sent when the account's sessions were ended (password changed, signed out everywhere).
  socket.on('session:expired', requestSessionCheck);
  return socket;
}
