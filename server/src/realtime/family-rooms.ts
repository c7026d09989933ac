import type { Outbox } from './publisher.js';

/**
 * One room per person whose whereabouts others may follow. Only the server puts sockets in it:
 * the person's own sockets and those of the users allowed to see them (modules/family).
 */
export const familyRoom = (residentId: string) => `family:${residentId}`;

/**
 * Tells the people following someone that their whereabouts changed. No query and no personal
 * data on the tap path: the room already holds exactly the allowed sockets, and the event carries
 * only the id and time; the details are fetched (and access-logged) by the client.
 */
export function announceWhereaboutsChange(outbox: Outbox, residentId: string, changedAt: Date): void {
  outbox.add(familyRoom(residentId), 'family:update', { residentId, changedAt: changedAt.toISOString() });
}
