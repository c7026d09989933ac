import type { ServerToClientEvents, ShelterTapEvent } from '../../api/events';
import type { TapLogEntry } from '../../api/console';

type ShelterUnknownCardsResolvedEvent = Parameters<ServerToClientEvents['shelter:unknown-cards-resolved']>[0];

/** How many taps the console keeps on screen; older ones are in the server's log. */
export const TAP_LOG_LIMIT = 100;

export interface TapLogState {
  taps: TapLogEntry[];
  /** Taps that arrived live since the page loaded, to highlight them briefly. */
  fresh: ReadonlySet<string>;
}

export const emptyTapLog: TapLogState = { taps: [], fresh: new Set() };

export type TapLogAction =
  | { type: 'loaded'; taps: TapLogEntry[] }
  | { type: 'live'; event: ShelterTapEvent; readerName: string; receivedAt: string }
  | { type: 'resolved'; event: ShelterUnknownCardsResolvedEvent; at: string }
  | { type: 'reset' };

function fromEvent(event: ShelterTapEvent, readerName: string, receivedAt: string): TapLogEntry {
  return {
    eventId: event.eventId,
    readerId: event.readerId,
    readerName,
    outcome: event.outcome,
    errorId: event.errorId,
    tappedAt: event.tappedAt,
    receivedAt,
    residentId: event.residentId,
    displayName: event.displayName,
    resolvedAt: null,
    occupancyAfter: event.occupancy,
  };
}

/**
 * Newest first, as the server sends it. A reload from the server is the truth, but a live tap that
 * arrived while the request was in flight is kept on top so it never flickers away.
 */
export function tapLogReducer(state: TapLogState, action: TapLogAction): TapLogState {
  switch (action.type) {
    case 'reset':
      return emptyTapLog;
    case 'loaded': {
      const loadedIds = new Set(action.taps.map((tap) => tap.eventId));
      const liveOnly = state.taps.filter(
        (tap) => state.fresh.has(tap.eventId) && !loadedIds.has(tap.eventId),
      );
      return { ...state, taps: [...liveOnly, ...action.taps].slice(0, TAP_LOG_LIMIT) };
    }
    case 'live': {
      const entry = fromEvent(action.event, action.readerName, action.receivedAt);
      const index = state.taps.findIndex((tap) => tap.eventId === entry.eventId);
      // A replayed tap (same eventId) updates its row in place instead of appearing twice.
      if (index >= 0) {
        const taps = state.taps.slice();
        const previous = taps[index]!;
        taps[index] = { ...previous, ...entry, readerName: entry.readerName || previous.readerName };
        return { ...state, taps };
      }
      const fresh = new Set(state.fresh).add(entry.eventId);
      return { taps: [entry, ...state.taps].slice(0, TAP_LOG_LIMIT), fresh };
    }
    case 'resolved': {
      const resolved = new Set(action.event.eventIds);
      if (!state.taps.some((tap) => resolved.has(tap.eventId))) return state;
      return {
        ...state,
        taps: state.taps.map((tap) =>
          resolved.has(tap.eventId)
            ? { ...tap, resolvedAt: tap.resolvedAt ?? action.at, residentId: action.event.residentId }
            : tap,
        ),
      };
    }
  }
}

/** An unknown-card tap that still waits for someone to bind the card. */
export function isUnresolvedUnknown(tap: TapLogEntry): boolean {
  return tap.outcome === 'unknown_card' && tap.resolvedAt === null;
}

export type OutcomeTone = 'in' | 'out' | 'warn' | 'error' | 'neutral';

export function outcomeTone(outcome: TapLogEntry['outcome']): OutcomeTone {
  switch (outcome) {
    case 'checked_in':
    case 'transferred':
      return 'in';
    case 'checked_out':
      return 'out';
    case 'unknown_card':
      return 'warn';
    case 'rejected':
      return 'error';
    case 'recorded_late':
      return 'neutral';
  }
}
