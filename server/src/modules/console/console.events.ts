import { rooms, type ShelterOccupantEvent } from '../../realtime/events.js';
import type { Outbox } from '../../realtime/publisher.js';
import type { ShelterOccupancy } from '@contract/whereabouts/whereabouts.types.js';

/** Staff of the shelter and HQ follow its roster; the public only ever sees counts. */
export const shelterAudience = (shelterId: string) => [rooms.shelter(shelterId), rooms.hq];

export function occupantChanged(
  outbox: Outbox,
  shelterId: string,
  residentId: string,
  change: ShelterOccupantEvent['change'],
) {
  outbox.add(shelterAudience(shelterId), 'shelter:occupant', {
    shelterId,
    residentId,
    change,
    at: new Date().toISOString(),
  });
}

export function occupancyChanged(outbox: Outbox, after: ShelterOccupancy) {
  outbox.add(rooms.public, 'shelter:occupancy', { ...after, at: new Date().toISOString() });
}
