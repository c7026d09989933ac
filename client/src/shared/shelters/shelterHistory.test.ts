import { describe, expect, it, vi } from 'vitest';
import { computeTotals, ShelterStore, type Shelter } from './shelterStore';

const shelter = (id: string, occupancy: number, status: Shelter['status'] = 'open'): Shelter => ({
  id,
  name: id,
  kind: 'designated_shelter',
  municipalityCode: '17202',
  capacity: 100,
  occupancy,
  status,
  lat: 37,
  lon: 137,
  updatedAt: null,
});

const live = (shelterId: string, occupancy: number) => ({
  shelterId,
  occupancy,
  occupancyDay: 0,
  occupancyOvernight: occupancy,
  capacity: 100,
  status: 'open' as const,
  at: new Date().toISOString(),
});

describe('ShelterStore timeline replay', () => {
  it('shows past counts for shelters in the timeline, open when people were there, closed when not', () => {
    const store = new ShelterStore([shelter('A', 5), shelter('B', 7), shelter('C', 9)]);
    store.setHistory({ counts: new Map([['A', 120]]), scope: new Set(['A', 'B']) });
    expect(store.get('A')).toMatchObject({ occupancy: 120, status: 'open' });
    expect(store.get('B')).toMatchObject({ occupancy: 0, status: 'closed' });
    // Outside the timeline's city: live as before.
    expect(store.get('C')).toMatchObject({ occupancy: 9, status: 'open' });
    expect(computeTotals(store.all()).occupancy).toBe(129);
    expect(store.historical).toBe(true);
  });

  it('tells listeners only about shelters whose shown state changed, and returns to live', () => {
    const store = new ShelterStore([shelter('A', 5), shelter('B', 0, 'closed')]);
    const scope = new Set(['A', 'B']);
    const listener = vi.fn();
    store.subscribe(listener);
    store.setHistory({ counts: new Map([['A', 5]]), scope });
    expect(listener).toHaveBeenLastCalledWith([]);
    store.setHistory({ counts: new Map([['A', 8]]), scope });
    expect(listener).toHaveBeenLastCalledWith(['A']);

    // Live events during the replay land underneath and show once back to live.
    store.applyOccupancy(live('A', 6));
    expect(store.get('A')?.occupancy).toBe(8);
    store.setHistory(null);
    expect(listener).toHaveBeenLastCalledWith(['A']);
    expect(store.get('A')?.occupancy).toBe(6);
    expect(store.historical).toBe(false);
  });
});

describe('ShelterStore.applyOccupancyBatch', () => {
  it('applies a burst with one notification naming each changed shelter once', () => {
    const store = new ShelterStore([shelter('A', 0), shelter('B', 0)]);
    const listener = vi.fn();
    store.subscribe(listener);
    const version = store.getVersion();
    expect(store.applyOccupancyBatch([live('A', 1), live('B', 4), live('A', 2), live('X', 9)])).toEqual([
      'A',
      'B',
    ]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(['A', 'B']);
    expect(store.getVersion()).toBe(version + 1);
    expect(store.get('A')?.occupancy).toBe(2);
    expect(store.applyOccupancyBatch([live('X', 1)])).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
