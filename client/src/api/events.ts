import type { ShelterStatus } from './shelters';

/** A shelter's head count changed (card tap, staff correction, or status change). */
export interface ShelterOccupancyEvent {
  shelterId: string;
  occupancy: number;
  capacity: number | null;
  status: ShelterStatus;
  /** ISO 8601 time of the change on the server. */
  at: string;
}

/** Events the server pushes to the browser; the server's event map must stay in step with this one. */
export interface ServerToClientEvents {
  'shelter:occupancy': (event: ShelterOccupancyEvent) => void;
}

/** Events the browser sends; none yet, rooms are decided by the server from the session. */
export type ClientToServerEvents = Record<never, never>;
