import type { RealtimeServer } from './socket-server.js';
import { roomsInConnectionOrder } from './connection-order.js';
import type { ServerToClientEvents } from './events.js';
import { residentSocketsOf } from './resident-sockets.js';

type EventName = keyof ServerToClientEvents;
type EventArgs<E extends EventName> = Parameters<ServerToClientEvents[E]>;

/**
 * At most this many rooms per emit. Through Redis an emit is one PUBLISH naming every room: a
 * warning to a city (450,000 rooms, about 20 MB) would pass Redis's output buffer limit for
 * subscribers (32 MB hard, 8 MB for a minute) and cut the other nodes off. 50,000 rooms is about
 * 2 MB per PUBLISH; the payload is encoded again per chunk, which costs little.
 */
const MAX_ROOMS_PER_EMIT = 50_000;

interface PendingEvent {
  /** Rooms, or the residents whose rooms to send to (see addForResidents). */
  to: { room: string | string[] } | { residentIds: string[] };
  event: EventName;
  args: unknown[];
}

/**
 * Events produced inside a transaction. They are sent only after the transaction commits, so no
 * client ever hears of a change that was rolled back: `transactionWithEvents` (transaction.ts)
 * creates the outbox, hands it to the work and flushes it after the commit.
 */
export class Outbox {
  private readonly pending: PendingEvent[] = [];

  add<E extends EventName>(room: string | string[], event: E, ...args: EventArgs<E>): void {
    this.pending.push({ to: { room }, event, args });
  }

  /** To the resident rooms of these people (a warning's push: ids as the database returned them). */
  addForResidents<E extends EventName>(residentIds: string[], event: E, ...args: EventArgs<E>): void {
    this.pending.push({ to: { residentIds }, event, args });
  }

  flush(io: RealtimeServer | undefined): void {
    if (!io) return;
    for (const { to, event, args } of this.pending.splice(0)) {
      const rooms =
        'residentIds' in to
          ? residentSocketsOf(io).roomsInConnectionOrder(to.residentIds)
          : typeof to.room === 'string'
            ? [to.room]
            : roomsInConnectionOrder(io.of('/').adapter.sids, to.room);
      // No rooms must mean nobody: Socket.IO reads an empty room list as everyone.
      for (let start = 0; start < rooms.length; start += MAX_ROOMS_PER_EMIT) {
        const chunk =
          rooms.length <= MAX_ROOMS_PER_EMIT ? rooms : rooms.slice(start, start + MAX_ROOMS_PER_EMIT);
        (io.to(chunk as string[]).emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
      }
    }
  }
}
