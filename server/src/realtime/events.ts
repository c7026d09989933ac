/**
 * The one typed event map shared by the server and the client. Payloads carry ids and counts;
 * anything personal goes only to rooms of people allowed to see it.
 */
export interface ShelterOccupancyEvent {
  shelterId: string;
  occupancy: number;
  occupancyDay: number;
  occupancyOvernight: number;
  capacity: number | null;
  status: 'open' | 'closed' | 'full';
  at: string;
}

/** A tap as shelter staff see it in the console's live log (staff of that shelter only). */
export interface ShelterTapEvent {
  eventId: string;
  shelterId: string;
  readerId: string;
  outcome: 'checked_in' | 'checked_out' | 'transferred' | 'recorded_late' | 'unknown_card' | 'rejected';
  errorId: string | null;
  residentId: string | null;
  displayName: string | null;
  tappedAt: string;
  occupancy: number | null;
}

export interface ServerToClientEvents {
  'shelter:occupancy': (event: ShelterOccupancyEvent) => void;
  'shelter:tap': (event: ShelterTapEvent) => void;
  'session:expired': () => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by later modules
export interface ClientToServerEvents {}

/** Rooms are computed by the server from the user's role and bindings, never chosen by a client. */
export const rooms = {
  public: 'public',
  hq: 'role:hq',
  user: (userId: string) => `user:${userId}`,
  shelter: (shelterId: string) => `shelter:${shelterId}`,
} as const;
