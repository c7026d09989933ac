import { describe, expect, it } from 'vitest';
import { multiPolygonContains } from '@geo/src/geometry.js';
import { municipalityArea, townFromAddress, type MunicipalityArea } from './homes.js';
import { REFERENCE_DATE_UTC } from './households.js';
import { allocateResidents, generatePopulation, type PopulationBatch } from './population.generator.js';

/** An L-shaped town (concave, so a bounding-box point is often outside) and a square village. */
const areas: MunicipalityArea[] = [
  municipalityArea(
    {
      code: '17202',
      name: '七尾市',
      population: 3000,
      coordinates: [
        [
          [
            [136.9, 37.0],
            [137.0, 37.0],
            [137.0, 37.02],
            [136.92, 37.02],
            [136.92, 37.1],
            [136.9, 37.1],
            [136.9, 37.0],
          ],
        ],
      ],
    },
    [
      { lon: 136.95, lat: 37.01, town: '一本杉町' },
      { lon: 136.91, lat: 37.08, town: '庵町' },
    ],
  ),
  municipalityArea(
    {
      code: '17461',
      name: '穴水町',
      population: 1000,
      coordinates: [
        [
          [
            [136.9, 37.2],
            [136.95, 37.2],
            [136.95, 37.25],
            [136.9, 37.25],
            [136.9, 37.2],
          ],
        ],
      ],
    },
    [],
  ),
];

function collect(count: number, seed: number): PopulationBatch {
  let id = 0;
  const all: PopulationBatch = { households: [], residents: [] };
  for (const batch of generatePopulation(areas, {
    count,
    seed,
    batchSize: 500,
    newId: () => `h${(id += 1)}`,
  })) {
    all.households.push(...batch.households);
    all.residents.push(...batch.residents);
  }
  return all;
}

const ageOn = (birthDate: string) => (REFERENCE_DATE_UTC - Date.parse(birthDate)) / (365.25 * 86_400_000);

describe('generatePopulation', () => {
  it('gives the same people for the same seed and different people for another', () => {
    const a = collect(2000, 42);
    const b = collect(2000, 42);
    const c = collect(2000, 43);
    expect(b.residents.slice(0, 50)).toEqual(a.residents.slice(0, 50));
    expect(b.households).toEqual(a.households);
    expect(c.residents.slice(0, 50)).not.toEqual(a.residents.slice(0, 50));
  });

  it('makes exactly the requested count, split by population', () => {
    const { residents } = collect(2001, 1);
    expect(residents).toHaveLength(2001);
    const quotas = allocateResidents(areas, 2001);
    expect([...quotas.values()].reduce((s, n) => s + n, 0)).toBe(2001);
    expect(residents.filter((r) => r.municipalityCode === '17202')).toHaveLength(quotas.get('17202') ?? -1);
  });

  it('places every home inside its municipality with an address there', () => {
    const { households } = collect(2000, 7);
    for (const household of households) {
      const area = areas.find((a) => a.code === household.municipalityCode);
      expect(area && multiPolygonContains(area.coordinates, household.lon, household.lat)).toBe(true);
      expect(household.address.startsWith(`石川県${area?.name}`)).toBe(true);
    }
    expect(households.some((h) => h.address.startsWith('石川県七尾市一本杉町'))).toBe(true);
  });

  it('builds households with one head and roles that fit their ages', () => {
    const { households, residents } = collect(3000, 3);
    const byHousehold = new Map<string, typeof residents>();
    for (const r of residents) byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r]);
    expect(byHousehold.size).toBe(households.length);
    for (const members of byHousehold.values()) {
      const heads = members.filter((m) => m.relationship === 'head');
      expect(heads).toHaveLength(1);
      const head = heads[0];
      if (!head) continue;
      expect(ageOn(head.birthDate)).toBeGreaterThanOrEqual(18);
      for (const member of members) {
        expect(member.familyName).toBe(head.familyName);
        expect(member.familyNameKana).toMatch(/^[ァ-ヶー]+$/);
        const age = ageOn(member.birthDate);
        if (member.relationship === 'child') expect(age).toBeLessThan(ageOn(head.birthDate) - 15);
        if (member.relationship === 'parent') expect(age).toBeGreaterThan(ageOn(head.birthDate) + 15);
        if (member.relationship === 'spouse') expect(member.sex).not.toBe(head.sex);
        expect(member.careNeeds.includes('infant')).toBe(age < 2);
        if (age >= 80) expect(member.careNeeds).toContain('elderly');
      }
    }
    const share = (need: string) =>
      residents.filter((r) => r.careNeeds.includes(need as never)).length / residents.length;
    expect(share('elderly')).toBeGreaterThan(0.05);
    expect(share('disability')).toBeGreaterThan(0.01);
  });
});

describe('townFromAddress', () => {
  it.each([
    ['石川県七尾市庵町ウ23-2', '七尾市', '庵町'],
    ['石川県金沢市みどり1-166', '金沢市', 'みどり'],
    ['石川県珠洲市三崎町宇治ヲ部7', '珠洲市', '三崎町宇治'],
    ['石川県河北郡津幡町字加賀爪ヌ1', '津幡町', '字加賀爪'],
    ['石川県七尾市国分町地内', '七尾市', '国分町'],
  ])('%s → %s', (address, municipality, town) => {
    expect(townFromAddress(address, municipality)).toBe(town);
  });
});
