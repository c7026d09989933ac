import { describe, expect, it } from 'vitest';
import { isAreaEmpty, parseCoordinates, polygonShape, toCapArea } from './areaModel';

describe('parseCoordinates', () => {
  it('reads "lat,lon" corners separated by spaces, new lines or semicolons', () => {
    expect(parseCoordinates('37.05,136.95 37.05,137.00\n37.02,137.00; 37.02, 136.95')).toEqual({
      ok: true,
      shape: {
        kind: 'polygon',
        points: [
          [37.05, 136.95],
          [37.05, 137],
          [37.02, 137],
          [37.02, 136.95],
        ],
      },
    });
  });

  it('accepts a ring closed by repeating the first corner', () => {
    const closed = parseCoordinates('37,136.9 37,137 37.1,137 37,136.9');
    expect(closed.ok && closed.shape.kind === 'polygon' && closed.shape.points).toHaveLength(3);
  });

  it('explains what is wrong', () => {
    expect(parseCoordinates('  ')).toMatchObject({ ok: false, error: 'empty' });
    expect(parseCoordinates('37,136 37')).toMatchObject({ ok: false, error: 'odd_numbers' });
    expect(parseCoordinates('91,136 37,137 37.1,137')).toMatchObject({ ok: false, error: 'out_of_range' });
    expect(parseCoordinates('37,136 37,137')).toMatchObject({ ok: false, error: 'too_few_points' });
    // A bow tie: its edges cross, which CAP and PostGIS both refuse.
    expect(parseCoordinates('0,0 1,1 1,0 0,1')).toMatchObject({ ok: false, error: 'invalid_polygon' });
  });

  it('reads a circle as "lat,lon radius_km"', () => {
    expect(parseCoordinates('37.05,136.95 2.5', true)).toEqual({
      ok: true,
      shape: { kind: 'circle', center: [37.05, 136.95], radiusKm: 2.5 },
    });
    expect(parseCoordinates('37.05,136.95 0', true)).toMatchObject({ ok: false, error: 'invalid_radius' });
    expect(parseCoordinates('37.05,136.95 900', true)).toMatchObject({ ok: false, error: 'invalid_radius' });
    expect(parseCoordinates('37.05,136.95', true)).toMatchObject({ ok: false, error: 'invalid_radius' });
  });
});

describe('polygonShape', () => {
  it('drops the repeated vertex a double click leaves behind', () => {
    const result = polygonShape([
      [37, 136.9],
      [37, 137],
      [37.1, 137],
      [37.1, 137],
    ]);
    expect(result.ok && result.shape.kind === 'polygon' && result.shape.points).toHaveLength(3);
  });
});

describe('toCapArea', () => {
  it('puts municipalities in as JIS X0402 geocodes', () => {
    expect(toCapArea({ shapes: [], municipalities: ['17202', '17407'] }, '七尾市・中能登町')).toEqual({
      areaDesc: '七尾市・中能登町',
      polygon: [],
      circle: [],
      geocode: [
        { valueName: 'JIS X0402', value: '17202' },
        { valueName: 'JIS X0402', value: '17407' },
      ],
    });
    expect(isAreaEmpty({ shapes: [], municipalities: [] })).toBe(true);
  });
});
