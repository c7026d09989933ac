import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multiPolygonContains, type Position } from '../geo/src/geometry.js';
import type { Database } from '../server/src/db/database.js';
import { AGE_LIMITS } from '@contract/notices/notices.attributes.js';
import { noticeTargetIds } from '../server/src/modules/notices/notices.queries.js';
import type { Targeting } from '@contract/notices/notices.schema.js';
import { openTestDatabase } from './support/database.js';
import {
  ageOn,
  buildNoticeFixture,
  type FixtureResident,
  type NoticeFixture,
} from './support/notice-fixtures.js';

/**
 * The targeting SQL against a plain JavaScript filter over the same people: each attribute alone,
 * then combinations. The fixture is random but seeded, with ages on both sides of every limit.
 */
describe('notice targeting matches an independent filter', () => {
  let db: Database;
  let fx: NoticeFixture;

  beforeAll(async () => {
    db = await openTestDatabase();
    fx = await buildNoticeFixture(db, 20_260_101, 80);
  });
  afterAll(() => db.close());

  const households = () => {
    const members = new Map<string, FixtureResident[]>();
    for (const r of fx.residents) members.set(r.householdId, [...(members.get(r.householdId) ?? []), r]);
    return members;
  };

  const has: Record<string, (r: FixtureResident) => boolean> = {
    infant: (r) => ageOn(r.birthDate) < AGE_LIMITS.infantUnder,
    child: (r) => ageOn(r.birthDate) < AGE_LIMITS.childUnder,
    elderly: (r) => ageOn(r.birthDate) >= AGE_LIMITS.elderlyFrom,
    disability: (r) => r.disability,
  };

  /** What the rules in docs/notices.md say, written without SQL. */
  function expected(t: Targeting, consentOnly = true): string[] {
    const byHousehold = households();
    return fx.residents
      .filter((r) => {
        if (consentOnly && !r.consent) return false;
        const codes = t.municipalityCodes ?? [];
        const polygons = t.polygons ?? [];
        if (codes.length + polygons.length > 0) {
          const inCode = codes.includes(r.homeCode);
          const inPolygon = polygons.some((ring) => multiPolygonContains([[ring]], r.lon, r.lat));
          if (!inCode && !inPolygon) return false;
        }
        const age = ageOn(r.birthDate);
        if (t.ageMin !== undefined && age < t.ageMin) return false;
        if (t.ageMax !== undefined && age > t.ageMax) return false;
        for (const member of t.householdHas ?? []) {
          if (!(byHousehold.get(r.householdId) ?? []).some(has[member]!)) return false;
        }
        if (t.whereabouts && t.whereabouts.length > 0) {
          const outside =
            r.place === 'evacuated_outside' || (r.livesNowCode !== null && r.livesNowCode !== r.homeCode);
          const place = r.place ?? 'unknown';
          const matches = t.whereabouts.some((w) => (w === 'evacuated_outside' ? outside : w === place));
          if (!matches) return false;
        }
        if (
          t.houseDamage &&
          t.houseDamage.length > 0 &&
          !t.houseDamage.includes(r.damage ?? 'not_assessed')
        ) {
          return false;
        }
        return true;
      })
      .map((r) => r.id)
      .sort();
  }

  const both = (): string[] => [...fx.codes];
  /** The western half of municipality 0 and a triangle reaching into municipality 1. */
  const polygons = (): Position[][] => {
    const [x0, y0, x1, y1] = fx.bbox;
    const mid = (x0 + x1) / 2 + 0.000_05;
    return [
      [
        [x0 - 0.001, y0 - 0.001],
        [mid, y0 - 0.001],
        [mid, y1 + 0.001],
        [x0 - 0.001, y1 + 0.001],
        [x0 - 0.001, y0 - 0.001],
      ],
      [
        [x1 + 0.002_05, y0 - 0.001],
        [x1 + 0.009_05, y0 - 0.001],
        [x1 + 0.005_05, y1 + 0.001],
        [x1 + 0.002_05, y0 - 0.001],
      ],
    ];
  };

  const cases: [string, () => Targeting][] = [
    ['municipality 0', () => ({ municipalityCodes: [fx.codes[0]] })],
    ['both municipalities', () => ({ municipalityCodes: both() })],
    ['polygons', () => ({ polygons: polygons() })],
    [
      'municipality 1 or the western polygon',
      () => ({ municipalityCodes: [fx.codes[1]], polygons: [polygons()[0]!] }),
    ],
    ['age 65 and over', () => ({ municipalityCodes: both(), ageMin: 65 })],
    ['age under 15', () => ({ municipalityCodes: both(), ageMax: 14 })],
    ['age 15 to 64', () => ({ municipalityCodes: both(), ageMin: 15, ageMax: 64 })],
    ['exactly 0', () => ({ municipalityCodes: both(), ageMin: 0, ageMax: 0 })],
    ['household with an infant', () => ({ municipalityCodes: both(), householdHas: ['infant'] })],
    ['household with a child', () => ({ municipalityCodes: both(), householdHas: ['child'] })],
    ['household with an elderly member', () => ({ municipalityCodes: both(), householdHas: ['elderly'] })],
    ['household with a disability', () => ({ municipalityCodes: both(), householdHas: ['disability'] })],
    [
      'household with a child and an elderly member',
      () => ({ municipalityCodes: both(), householdHas: ['child', 'elderly'] }),
    ],
    ['evacuated outside', () => ({ municipalityCodes: both(), whereabouts: ['evacuated_outside'] })],
    ['in a shelter', () => ({ municipalityCodes: both(), whereabouts: ['shelter'] })],
    ['at home', () => ({ municipalityCodes: both(), whereabouts: ['home'] })],
    ['unknown whereabouts', () => ({ municipalityCodes: both(), whereabouts: ['unknown'] })],
    [
      'at relatives or in a vehicle',
      () => ({ municipalityCodes: both(), whereabouts: ['relatives', 'vehicle'] }),
    ],
    [
      'house half or worse',
      () => ({ municipalityCodes: both(), houseDamage: ['half', 'medium_half', 'large_half', 'total'] }),
    ],
    ['house not assessed', () => ({ municipalityCodes: both(), houseDamage: ['not_assessed'] })],
    [
      'elderly evacuated outside whose house was lost',
      () => ({
        municipalityCodes: both(),
        ageMin: 65,
        whereabouts: ['evacuated_outside'],
        houseDamage: ['total', 'large_half'],
      }),
    ],
    [
      'polygon, families with children, in a shelter or outside',
      () => ({
        polygons: polygons(),
        householdHas: ['child'],
        whereabouts: ['shelter', 'evacuated_outside'],
      }),
    ],
    [
      'everything at once',
      () => ({
        municipalityCodes: [fx.codes[0]],
        polygons: polygons(),
        ageMin: 20,
        ageMax: 90,
        householdHas: ['elderly'],
        whereabouts: ['home', 'evacuated_outside', 'unknown'],
        houseDamage: ['none', 'partial', 'semi_half', 'half', 'not_assessed'],
      }),
    ],
  ];

  it.each(cases)('%s', async (_name, targeting) => {
    const t = targeting();
    const want = expected(t);
    expect(await noticeTargetIds(db, t)).toEqual(want);
  });

  it('the fixture exercises every case (no case is trivially empty or everyone)', () => {
    const everyone = expected({ municipalityCodes: both() }).length;
    for (const [name, targeting] of cases) {
      const n = expected(targeting()).length;
      expect(n, name).toBeGreaterThan(0);
      if (name !== 'both municipalities') expect(n, name).toBeLessThan(everyone);
    }
  });

  it('only residents who consented are targeted; without the consent rule more are', async () => {
    const t: Targeting = { municipalityCodes: both() };
    const all = await noticeTargetIds(db, t, false);
    expect(all).toEqual(expected(t, false));
    const consenting = await noticeTargetIds(db, t);
    expect(consenting.length).toBeLessThan(all.length);
    const consent = new Map(fx.residents.map((r) => [r.id, r.consent]));
    expect(consenting.every((id) => consent.get(id))).toBe(true);
  });

  it('follows a change of consent at once', async () => {
    const someone = fx.residents.find((r) => r.consent)!;
    const t: Targeting = { municipalityCodes: [someone.homeCode] };
    expect(await noticeTargetIds(db, t)).toContain(someone.id);
    await db.query('UPDATE residents SET notice_consent = false WHERE id = $1', [someone.id]);
    expect(await noticeTargetIds(db, t)).not.toContain(someone.id);
    await db.query('UPDATE residents SET notice_consent = true WHERE id = $1', [someone.id]);
  });
});
