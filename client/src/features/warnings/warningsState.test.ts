import { describe, expect, it } from 'vitest';
import type { AlertDetail, NeedHelp } from '../../api/alerts';
import { INITIAL_WARNINGS, loaded, needHelpApplied, openCalls, statsApplied, statsOf } from './warningsState';

const STATS = { targeted: 10, delivered: 0, read: 0, responded: 0, needHelp: 0 };

function alert(id: string): AlertDetail {
  return { id, stats: STATS } as AlertDetail;
}

function call(overrides: Partial<NeedHelp> = {}): NeedHelp {
  return {
    alertId: 'A',
    position: 1,
    residentId: 'R',
    name: '七尾 花子',
    note: null,
    location: { lat: 37.04, lon: 136.96, source: 'home' },
    respondedAt: '2024-01-01T07:20:00.000Z',
    assignedTo: null,
    state: 'open',
    ...overrides,
  };
}

describe('receipt counts', () => {
  it('takes pushes in order and ignores a late older one', () => {
    let state = loaded(INITIAL_WARNINGS, [alert('A')], { alertIds: [], calls: [] });
    expect(statsOf(state, alert('A'))).toEqual(STATS);
    state = statsApplied(state, { alertId: 'A', ...STATS, delivered: 5, at: '2024-01-01T07:00:02.000Z' });
    state = statsApplied(state, { alertId: 'A', ...STATS, delivered: 3, at: '2024-01-01T07:00:01.000Z' });
    expect(statsOf(state, alert('A')).delivered).toBe(5);
  });

  it('keeps pushed counts when a slower fetch lands afterwards', () => {
    let state = statsApplied(INITIAL_WARNINGS, {
      alertId: 'A',
      ...STATS,
      read: 7,
      at: '2024-01-01T07:00:02.000Z',
    });
    state = loaded(state, [alert('A')], { alertIds: [], calls: [] });
    expect(statsOf(state, alert('A')).read).toBe(7);
  });
});

describe('calls for help', () => {
  it('shows open calls oldest first and drops resolved or withdrawn ones', () => {
    let state = needHelpApplied(
      INITIAL_WARNINGS,
      call({ position: 2, respondedAt: '2024-01-01T07:30:00.000Z' }),
    );
    state = needHelpApplied(state, call({ position: 1 }));
    expect(openCalls(state).map((c) => c.position)).toEqual([1, 2]);
    state = needHelpApplied(state, call({ position: 1, state: 'resolved' }));
    state = needHelpApplied(state, call({ position: 2, state: 'withdrawn' }));
    expect(openCalls(state)).toEqual([]);
  });

  it('replaces the calls of re-fetched alerts and keeps those of alerts no longer listed', () => {
    let state = needHelpApplied(INITIAL_WARNINGS, call({ alertId: 'OLD', position: 5 }));
    state = needHelpApplied(state, call({ alertId: 'A', position: 1 }));
    state = loaded(state, [alert('A')], { alertIds: ['A'], calls: [call({ alertId: 'A', position: 2 })] });
    expect(openCalls(state).map((c) => `${c.alertId}:${c.position}`)).toEqual(['A:2', 'OLD:5']);
  });
});
