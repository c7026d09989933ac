import { describe, expect, it } from 'vitest';
import type { UnknownCardTap } from '../../api/console';
import { groupUnknownCards } from './unknownCards';

const tap = (eventId: string, cardRef: string, tappedAt: string): UnknownCardTap => ({
  eventId,
  readerId: 'R1',
  readerName: 'Gym entrance',
  tappedAt,
  receivedAt: tappedAt,
  cardRef,
});

describe('groupUnknownCards', () => {
  it('lists each card once, by its newest tap, newest card first', () => {
    const groups = groupUnknownCards([
      tap('a1', 'aaaa', '2024-01-09T10:00:00Z'),
      tap('b1', 'bbbb', '2024-01-09T10:01:00Z'),
      tap('a2', 'aaaa', '2024-01-09T10:02:00Z'),
    ]);
    expect(groups.map((group) => [group.latest.eventId, group.taps])).toEqual([
      ['a2', 2],
      ['b1', 1],
    ]);
  });

  it('is empty for no taps', () => {
    expect(groupUnknownCards([])).toEqual([]);
  });
});
