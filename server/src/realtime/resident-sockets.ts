import { rooms } from './events.js';

interface Connected {
  /** When the resident's first socket on this node connected, as a counter. */
  seq: number;
  room: string;
  sockets: number;
}

/**
 * This node's resident sockets, by resident, in the order each resident's first socket connected:
 * what a warning's push needs to name its rooms in connection order (see connection-order.ts for
 * why the order matters).
 *
 * A warning's people come from the database as resident ids. Looking them up here and sorting by a
 * number costs about a third of building `resident:<id>` strings and matching them against every
 * socket's rooms (10,000 people: about 5 against 13–18 ms), and the room strings handed to
 * Socket.IO are the ones kept here, whose hashes it has computed before.
 */
export class ResidentSockets {
  private readonly byResident = new Map<string, Connected>();
  private next = 0;

  /**
   * @param otherNodes whether other nodes share the rooms (Redis). Without them a resident with no
   *   socket here has none anywhere, so their room is left out of the emit (a city's warning would
   *   otherwise name hundreds of thousands of empty rooms; a resident who reconnects catches up from
   *   the inbox, as on every connect).
   */
  constructor(private readonly otherNodes = true) {}

  connected(residentId: string): void {
    const known = this.byResident.get(residentId);
    if (known) known.sockets += 1;
    else this.byResident.set(residentId, { seq: this.next++, room: rooms.resident(residentId), sockets: 1 });
  }

  disconnected(residentId: string): void {
    const known = this.byResident.get(residentId);
    if (!known) return;
    known.sockets -= 1;
    if (known.sockets === 0) this.byResident.delete(residentId);
  }

  /**
   * The resident rooms of these people: those with a socket here first, in connection order, then
   * (with other nodes) the rest in the order given. Every person once, if every id is given once.
   */
  roomsInConnectionOrder(residentIds: readonly string[]): string[] {
    const here: Connected[] = [];
    const elsewhere: string[] = [];
    for (const id of residentIds) {
      const known = this.byResident.get(id);
      if (known) here.push(known);
      else if (this.otherNodes) elsewhere.push(rooms.resident(id));
    }
    here.sort((a, b) => a.seq - b.seq);
    const ordered = here.map((known) => known.room);
    for (const room of elsewhere) ordered.push(room);
    return ordered;
  }
}

const indexes = new WeakMap<object, ResidentSockets>();

/** Gives a Socket.IO server its resident socket index (createRealtimeServer). */
export function attachResidentSockets(io: object, otherNodes: boolean): ResidentSockets {
  const index = new ResidentSockets(otherNodes);
  indexes.set(io, index);
  return index;
}

/** The resident socket index of a Socket.IO server; one that never had one gets an empty one. */
export function residentSocketsOf(io: object): ResidentSockets {
  let index = indexes.get(io);
  if (!index) index = attachResidentSockets(io, true);
  return index;
}
