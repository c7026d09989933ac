import { describe, expect, it } from 'vitest';
import type { ShelterDetail } from '../../api/console';
import { applyOccupancyEvent, applyOccupancyResult, occupancyMeter } from './occupancyState';

function detail(overrides: Partial<ShelterDetail> = {}): ShelterDetail {
  return {
    id: 'S1',
    name: '七尾市立小丸山小学校',
    nameKana: null,
    kind: 'designated_shelter',
    address: null,
    municipality: { code: '17202', name: '七尾市' },
    location: { lon: 136.96, lat: 37.04 },
    hazards: [],
    capacity: { indoor: 100, outdoor: null },
    occupancy: { total: 10, day: 4, overnight: 6 },
    occupancyUpdatedAt: '2024-01-09T10:00:00.000Z',
    status: 'open',
    fullThresholdPercent: 100,
    specialCareInside: 2,
    ...overrides,
  };
}

const event = {
  shelterId: 'S1',
  occupancy: 11,
  occupancyDay: 4,
  occupancyOvernight: 7,
  capacity: 100,
  status: 'open' as const,
  at: '2024-01-09T10:00:05.000Z',
};

describe('applyOccupancyEvent', () => {
  it('shows the new counts and status', () => {
    expect(applyOccupancyEvent(detail(), { ...event, status: 'full' })).toMatchObject({
      occupancy: { total: 11, day: 4, overnight: 7 },
      status: 'full',
      occupancyUpdatedAt: event.at,
      specialCareInside: 2,
    });
  });

  it('ignores other shelters and events older than what is shown', () => {
    const shown = detail();
    expect(applyOccupancyEvent(shown, { ...event, shelterId: 'S2' })).toBe(shown);
    expect(applyOccupancyEvent(shown, { ...event, at: '2024-01-09T09:59:59.000Z' })).toBe(shown);
  });
});

describe('applyOccupancyResult', () => {
  it('takes counts from a REST answer for this shelter only', () => {
    const shown = detail();
    const result = {
      shelterId: 'S1',
      occupancy: 9,
      occupancyDay: 3,
      occupancyOvernight: 6,
      capacity: 100,
      status: 'open' as const,
    };
    expect(applyOccupancyResult(shown, result).occupancy).toEqual({ total: 9, day: 3, overnight: 6 });
    expect(applyOccupancyResult(shown, { ...result, shelterId: 'S2' })).toBe(shown);
    expect(applyOccupancyResult(shown, null)).toBe(shown);
  });
});

describe('occupancyMeter', () => {
  it('grades against the shelter own full threshold', () => {
    expect(occupancyMeter(10, 100, 'open', 100)).toEqual({ capacity: 100, percent: 10, level: 'ok' });
    expect(occupancyMeter(80, 100, 'open', 100).level).toBe('near_full');
    expect(occupancyMeter(100, 100, 'open', 100).level).toBe('full');
    expect(occupancyMeter(45, 100, 'open', 50).level).toBe('near_full');
    expect(occupancyMeter(120, 100, 'open', 150)).toMatchObject({ percent: 120, level: 'near_full' });
  });

  it('lets the server status win and copes with unknown capacity', () => {
    expect(occupancyMeter(5, 100, 'closed', 100).level).toBe('closed');
    expect(occupancyMeter(5, 100, 'full', 100).level).toBe('full');
    expect(occupancyMeter(5, null, 'open', 100)).toEqual({ capacity: null, percent: null, level: 'unknown' });
    expect(occupancyMeter(5, 0, 'open', 100).percent).toBeNull();
  });
});
