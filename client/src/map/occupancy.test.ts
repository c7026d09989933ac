import { describe, expect, it } from 'vitest';
import { classifyOccupancy, summariseCluster } from './occupancy';

describe('classifyOccupancy', () => {
  it.each([
    [{ occupancy: 0, capacity: 100, status: 'open' }, 'empty'],
    [{ occupancy: 0, capacity: null, status: 'open' }, 'empty'],
    [{ occupancy: 1, capacity: 100, status: 'open' }, 'filling'],
    [{ occupancy: 79, capacity: 100, status: 'open' }, 'filling'],
    [{ occupancy: 80, capacity: 100, status: 'open' }, 'near_full'],
    [{ occupancy: 99, capacity: 100, status: 'open' }, 'near_full'],
    [{ occupancy: 100, capacity: 100, status: 'open' }, 'full'],
    [{ occupancy: 130, capacity: 100, status: 'open' }, 'full'],
    [{ occupancy: 12, capacity: null, status: 'open' }, 'occupied_unknown'],
    [{ occupancy: 12, capacity: 0, status: 'open' }, 'occupied_unknown'],
    [{ occupancy: 3, capacity: 100, status: 'full' }, 'full'],
    [{ occupancy: 0, capacity: null, status: 'full' }, 'full'],
    [{ occupancy: 50, capacity: 100, status: 'closed' }, 'closed'],
  ] as const)('%o → %s', (input, expected) => {
    expect(classifyOccupancy(input)).toBe(expected);
  });
});

describe('summariseCluster', () => {
  const open = (occupancy: number, capacity: number | null) => ({
    occupancy,
    capacity,
    status: 'open' as const,
  });

  it('colours by people against the capacity known for the group', () => {
    expect(summariseCluster([open(100, 100), open(0, 300)])).toEqual({
      occupancyClass: 'filling',
      fullCount: 1,
    });
    expect(summariseCluster([open(90, 100), open(80, 100)])).toEqual({
      occupancyClass: 'near_full',
      fullCount: 0,
    });
  });

  it('counts full members even when the group has room', () => {
    expect(
      summariseCluster([open(5, 5), { occupancy: 1, capacity: 10, status: 'full' }, open(0, 500)]).fullCount,
    ).toBe(2);
  });

  it('ignores closed members unless every member is closed', () => {
    const closed = { occupancy: 0, capacity: 100, status: 'closed' as const };
    expect(summariseCluster([closed, open(0, null)]).occupancyClass).toBe('empty');
    expect(summariseCluster([closed, closed]).occupancyClass).toBe('closed');
  });

  it('falls back to occupied_unknown when nobody is in a shelter with a known capacity', () => {
    expect(summariseCluster([open(12, null), open(0, 100)]).occupancyClass).toBe('occupied_unknown');
  });

  it('treats an empty group as empty', () => {
    expect(summariseCluster([])).toEqual({ occupancyClass: 'empty', fullCount: 0 });
  });
});
