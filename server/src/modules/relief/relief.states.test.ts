import { describe, expect, it } from 'vitest';
import { APPLICATION_STATES, checkTransition, nextStates } from '@contract/relief/relief.states.js';

describe('application workflow', () => {
  it('walks the happy path with a correction round', () => {
    const path = [
      ['draft', 'submitted', 'resident'],
      ['submitted', 'under_review', 'reviewer'],
      ['under_review', 'correction_requested', 'reviewer'],
      ['correction_requested', 'resubmitted', 'resident'],
      ['resubmitted', 'under_review', 'reviewer'],
      ['under_review', 'approved', 'reviewer'],
      ['approved', 'issued', 'system'],
    ] as const;
    for (const [from, to, by] of path) {
      expect(checkTransition({ from, to, by, reason: 'x', fields: ['a'] }), `${from}→${to}`).toBeNull();
    }
  });

  it('refuses steps that skip review or come from the wrong side', () => {
    expect(checkTransition({ from: 'draft', to: 'approved', by: 'reviewer' })).toBe('illegal_transition');
    expect(checkTransition({ from: 'submitted', to: 'approved', by: 'reviewer' })).toBe('illegal_transition');
    expect(checkTransition({ from: 'draft', to: 'submitted', by: 'reviewer' })).toBe('illegal_transition');
    expect(checkTransition({ from: 'submitted', to: 'under_review', by: 'resident' })).toBe(
      'illegal_transition',
    );
    expect(checkTransition({ from: 'correction_requested', to: 'submitted', by: 'resident' })).toBe(
      'illegal_transition',
    );
  });

  it('has no way out of a final state', () => {
    for (const from of ['rejected', 'issued', 'paid'] as const) {
      for (const to of APPLICATION_STATES) {
        for (const by of ['resident', 'reviewer', 'system'] as const) {
          expect(checkTransition({ from, to, by, reason: 'r', fields: ['f'] })).toBe('illegal_transition');
        }
      }
    }
  });

  it('needs a reason to reject and fields plus a note to request a correction', () => {
    expect(checkTransition({ from: 'under_review', to: 'rejected', by: 'reviewer' })).toBe('reason_required');
    expect(checkTransition({ from: 'under_review', to: 'rejected', by: 'reviewer', reason: '  ' })).toBe(
      'reason_required',
    );
    expect(
      checkTransition({ from: 'under_review', to: 'correction_requested', by: 'reviewer', reason: 'fix' }),
    ).toBe('fields_required');
    expect(
      checkTransition({
        from: 'under_review',
        to: 'correction_requested',
        by: 'reviewer',
        fields: ['copies'],
      }),
    ).toBe('reason_required');
  });

  it('allows only the programme outcome after approval', () => {
    expect(checkTransition({ from: 'approved', to: 'paid', by: 'reviewer', outcome: 'issued' })).toBe(
      'illegal_transition',
    );
    expect(checkTransition({ from: 'approved', to: 'paid', by: 'reviewer', outcome: 'paid' })).toBeNull();
    expect(nextStates('approved', 'reviewer', 'paid')).toEqual(['paid']);
    expect(nextStates('under_review', 'reviewer')).toEqual(['correction_requested', 'approved', 'rejected']);
    expect(nextStates('under_review', 'resident')).toEqual(['withdrawn']);
    expect(nextStates('approved', 'resident')).toEqual([]);
  });
});
