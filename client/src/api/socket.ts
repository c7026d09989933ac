import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './events';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects on the page's own origin; the session cookie authenticates the socket. */
export function connectSocket(): AppSocket {
  return io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
}
