import type { RealtimeServer } from './socket-server.js';
import { roomsInConnectionOrder } from './connection-order.js';
import type { ServerToClientEvents } from './events.js';

type EventName = keyof ServerToClientEvents;
type EventArgs<E extends EventName> = Parameters<ServerToClientEvents[E]>;

interface PendingEvent {
  room: string | string[];
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
    this.pending.push({ room, event, args });
  }

  flush(io: RealtimeServer | undefined): void {
    if (!io) return;
    for (const { room, event, args } of this.pending.splice(0)) {
      const rooms = typeof room === 'string' ? room : roomsInConnectionOrder(io.of('/').adapter.sids, room);
      (io.to(rooms as string | string[]).emit as (event: string, ...args: unknown[]) => boolean)(
        event,
        ...args,
      );
    }
  }
}
