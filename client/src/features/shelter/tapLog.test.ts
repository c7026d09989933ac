import { describe, expect, it } from 'vitest';
import type { TapLogEntry } from '../../api/console';
import type { ShelterTapEvent } from '../../api/events';
import {
  emptyTapLog,
  isUnresolvedUnknown,
  outcomeTone,
  TAP_LOG_LIMIT,
  tapLogReducer,
  type TapLogState,
} from './tapLog';

function entry(eventId: string, overrides: Partial<TapLogEntry> = {}): TapLogEntry {
  return {
    eventId,
    readerId: 'R1',
    readerName: 'Gym entrance',
    outcome: 'checked_in',
    errorId: null,
    tappedAt: '2024-01-09T10:00:00.000Z',
    receivedAt: '2024-01-09T10:00:01.000Z',
    residentId: 'P1',
    displayName: '山田 太郎',
    resolvedAt: null,
    occupancyAfter: 1,
    ...overrides,
  };
}

function tapEvent(eventId: string, overrides: Partial<ShelterTapEvent> = {}): ShelterTapEvent {
  return {
    eventId,
    shelterId: 'S1',
    readerId: 'R1',
    outcome: 'checked_in',
    errorId: null,
    residentId: 'P1',
    displayName: '山田 太郎',
    tappedAt: '2024-01-09T10:05:00.000Z',
    occupancy: 2,
    ...overrides,
  };
}

const live = (state: TapLogState, event: ShelterTapEvent, readerName = 'Gym entrance') =>
  tapLogReducer(state, { type: 'live', event, readerName, receivedAt: '2024-01-09T10:05:01.000Z' });

describe('tapLogReducer', () => {
  it('puts a live tap on top, named by its reader, and marks it fresh', () => {
    const loaded = tapLogReducer(emptyTapLog, { type: 'loaded', taps: [entry('a')] });
    const state = live(loaded, tapEvent('b'));
    expect(state.taps.map((tap) => tap.eventId)).toEqual(['b', 'a']);
    expect(state.taps[0]).toMatchObject({ readerName: 'Gym entrance', occupancyAfter: 2, resolvedAt: null });
    expect(state.fresh.has('b')).toBe(true);
    expect(state.fresh.has('a')).toBe(false);
  });

  it('updates a replayed tap in place instead of listing it twice', () => {
    const first = live(emptyTapLog, tapEvent('b', { outcome: 'unknown_card', displayName: null }));
    const again = live(first, tapEvent('b', { outcome: 'unknown_card', displayName: null }), '');
    expect(again.taps).toHaveLength(1);
    expect(again.taps[0]?.readerName).toBe('Gym entrance');
  });

  it('keeps a live tap that arrived while a reload was in flight', () => {
    const withLive = live(tapLogReducer(emptyTapLog, { type: 'loaded', taps: [entry('a')] }), tapEvent('b'));
    const reloaded = tapLogReducer(withLive, { type: 'loaded', taps: [entry('a'), entry('old')] });
    expect(reloaded.taps.map((tap) => tap.eventId)).toEqual(['b', 'a', 'old']);
    const caughtUp = tapLogReducer(reloaded, { type: 'loaded', taps: [entry('b'), entry('a')] });
    expect(caughtUp.taps.map((tap) => tap.eventId)).toEqual(['b', 'a']);
  });

  it('keeps at most the display limit', () => {
    const many = Array.from({ length: TAP_LOG_LIMIT }, (_, i) => entry(`t${i}`));
    const state = live(tapLogReducer(emptyTapLog, { type: 'loaded', taps: many }), tapEvent('new'));
    expect(state.taps).toHaveLength(TAP_LOG_LIMIT);
    expect(state.taps[0]?.eventId).toBe('new');
    expect(state.taps.at(-1)?.eventId).toBe(`t${TAP_LOG_LIMIT - 2}`);
  });

  it('marks bound unknown-card taps resolved and leaves the rest alone', () => {
    const unknown = entry('u', { outcome: 'unknown_card', residentId: null, displayName: null });
    const state = tapLogReducer(emptyTapLog, { type: 'loaded', taps: [unknown, entry('a')] });
    expect(isUnresolvedUnknown(state.taps[0]!)).toBe(true);
    const resolved = tapLogReducer(state, {
      type: 'resolved',
      event: { shelterId: 'S1', eventIds: ['u'], residentId: 'P9' },
      at: '2024-01-09T10:06:00.000Z',
    });
    expect(resolved.taps[0]).toMatchObject({ resolvedAt: '2024-01-09T10:06:00.000Z', residentId: 'P9' });
    expect(isUnresolvedUnknown(resolved.taps[0]!)).toBe(false);
    expect(resolved.taps[1]).toBe(state.taps[1]);
    const untouched = tapLogReducer(state, {
      type: 'resolved',
      event: { shelterId: 'S1', eventIds: ['elsewhere'], residentId: 'P9' },
      at: '2024-01-09T10:06:00.000Z',
    });
    expect(untouched).toBe(state);
  });

  it('empties on reset (another shelter chosen)', () => {
    expect(tapLogReducer(live(emptyTapLog, tapEvent('b')), { type: 'reset' })).toBe(emptyTapLog);
  });
});

describe('outcomeTone', () => {
  it.each([
    ['checked_in', 'in'],
    ['transferred', 'in'],
    ['checked_out', 'out'],
    ['unknown_card', 'warn'],
    ['rejected', 'error'],
    ['recorded_late', 'neutral'],
  ] as const)('%s reads as %s', (outcome, tone) => {
    expect(outcomeTone(outcome)).toBe(tone);
  });
});
