/**
 * Socket.IO event maps. The one definition is the contract's (contract/events.ts), shared with the
 * server, so a payload change breaks the client build instead of the live map. Type-only.
 */
export type {
  ClientToServerEvents,
  ServerToClientEvents,
  ShelterOccupancyEvent,
  ShelterTapEvent,
  HqTotalsEvent,
} from '@contract/events';
