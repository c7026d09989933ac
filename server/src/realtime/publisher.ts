import type { RealtimeServer } from './socket-server.js';
import { roomsInConnectionOrder } from './connection-order.js';
import type { ServerToClientEvents } from './events.js';
import { residentSocketsOf } from './resident-sockets.js';

type EventName = keyof ServerToClientEvents;
type EventArgs<E extends EventName> = Parameters<ServerToClientEvents[E]>;

interface PendingEvent {
  /** Rooms, or the residents whose rooms to send to (see addForResidents). */
  to: { room: string | string[] } | { residentIds: string[] };
  event: EventName;
  args: unknown[];
}

/**
 * Events produced inside a transaction. They are sent only after the transaction commits
 * (`flush`), so no client ever hears of a change that was rolled back.
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
            ? to.room
            : roomsInConnectionOrder(io.of('/').adapter.sids, to.room);
      (io.to(rooms as string | string[]).emit as (event: string, ...args: unknown[]) => boolean)(
        event,
        ...args,
      );
    }
  }
}
