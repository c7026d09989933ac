import { rooms } from './events.js';
import type { RealtimeServer } from './socket-server.js';

/** Sockets opened with the ended sessions must stop receiving: tell them, then drop them. */
export function endUserSockets(io: RealtimeServer, userId: string): void {
  io.to(rooms.user(userId)).emit('session:expired');
  io.in(rooms.user(userId)).disconnectSockets(true);
}
