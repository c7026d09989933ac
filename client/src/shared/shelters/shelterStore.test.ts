import { describe, expect, it, vi } from 'vitest';
import type { ShelterCollection } from '../../api/shelters';
import { computeTotals, sheltersFromCollection, ShelterStore, type Shelter } from './shelterStore';

function buildShelter(overrides: Partial<Shelter> = {}): Shelter {
  return {
    id: 'S1',
    name: '七尾市立小丸山小学校',
    kind: 'designated_shelter',
    municipalityCode: '17202',
    capacity: 100,
    occupancy: 0,
    status: 'open',
    lat: 37.04,
    lon: 136.96,
    updatedAt: null,
    ...overrides,
  };
}

describe('sheltersFromCollection', () => {
  it('takes coordinates from the GeoJSON point as lon, lat', () => {
    const { lat: _lat, lon: _lon, updatedAt: _u, ...properties } = buildShelter();
    const collection: ShelterCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [136.9, 37.1] }, properties }],
    };
    expect(sheltersFromCollection(collection)[0]).toMatchObject({ id: 'S1', lon: 136.9, lat: 37.1 });
  });
});

describe('ShelterStore.applyOccupancy', () => {
  const event = {
    shelterId: 'S1',
    occupancy: 42,
    occupancyDay: 12,
    occupancyOvernight: 30,
    capacity: 100,
    status: 'open' as const,
    at: '2024-01-09T10:00:00Z',
  };

  it('updates the shelter and notifies listeners', () => {
    const store = new ShelterStore([buildShelter()]);
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.applyOccupancy(event)).toBe(true);
    expect(store.get('S1')).toMatchObject({ occupancy: 42, updatedAt: event.at });
    expect(listener).toHaveBeenCalledWith(['S1']);
    expect(store.getVersion()).toBe(1);
  });

  it('ignores an event older than the one already shown', () => {
    const store = new ShelterStore([buildShelter()]);
    store.applyOccupancy(event);
    expect(store.applyOccupancy({ ...event, occupancy: 5, at: '2024-01-09T09:59:59Z' })).toBe(false);
    expect(store.get('S1')?.occupancy).toBe(42);
  });

  it('ignores unknown shelters', () => {
    const store = new ShelterStore([buildShelter()]);
    expect(store.applyOccupancy({ ...event, shelterId: 'nope' })).toBe(false);
    expect(store.getVersion()).toBe(0);
  });

  it('stops notifying after unsubscribe', () => {
    const store = new ShelterStore([buildShelter()]);
    const listener = vi.fn();
    store.subscribe(listener)();
    store.applyOccupancy(event);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('computeTotals', () => {
  it('counts open and full shelters and sums occupancy and known capacity', () => {
    const totals = computeTotals([
      buildShelter({ id: 'a', occupancy: 10, capacity: 100 }),
      buildShelter({ id: 'b', occupancy: 50, capacity: 50 }),
      buildShelter({ id: 'c', occupancy: 7, capacity: null, status: 'full' }),
      buildShelter({ id: 'd', occupancy: 0, capacity: 30, status: 'closed' }),
    ]);
    expect(totals).toEqual({ shelters: 4, open: 3, full: 2, occupancy: 67, knownCapacity: 180 });
  });
});

describe('ShelterStore.reload', () => {
  it('takes the reloaded numbers but keeps a live change newer than the fetch', () => {
    const store = new ShelterStore([buildShelter({ id: 'S1' }), buildShelter({ id: 'S2' })]);
    store.applyOccupancy({
      shelterId: 'S2',
      occupancy: 9,
      occupancyDay: 0,
      occupancyOvernight: 9,
      capacity: 100,
      status: 'open',
      at: '2024-01-09T10:00:05Z',
    });
    const listener = vi.fn();
    store.subscribe(listener);
    store.reload(
      [buildShelter({ id: 'S1', occupancy: 7 }), buildShelter({ id: 'S2', occupancy: 3 })],
      '2024-01-09T10:00:00Z',
    );
    expect(store.get('S1')?.occupancy).toBe(7);
    expect(store.get('S2')?.occupancy).toBe(9);
    expect(listener).toHaveBeenCalledWith(['S1']);
  });
});
