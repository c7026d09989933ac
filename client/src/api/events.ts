/**
 * Socket.IO event maps. The server owns the one definition (server/src/realtime/events.ts); the
 * client re-exports its types so a payload change breaks the client build instead of the live map.
 * Type-only: no server code ends up in the bundle.
 */
export type {
  ClientToServerEvents,
  ServerToClientEvents,
  ShelterOccupancyEvent,
  ShelterTapEvent,
  HqTotalsEvent,
} from '@contract/events';
