import { formatAddress, sampleHome, type MunicipalityArea } from './homes.js';
import { draftHousehold, type CareNeed, type Relationship, type Sex } from './households.js';
import { drawHouseDamage, drawNoticeConsent, type HouseDamage } from './notice-attributes.js';
import { Random } from './prng.js';

export interface HouseholdRow {
  id: string;
  municipalityCode: string;
  address: string;
  lon: number;
  lat: number;
  houseDamage: HouseDamage | null;
}

export interface ResidentRow {
  householdId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: Sex;
  relationship: Relationship;
  homeAddress: string;
  lon: number;
  lat: number;
  municipalityCode: string;
  careNeeds: CareNeed[];
  noticeConsent: boolean;
}

export interface PopulationBatch {
  households: HouseholdRow[];
  residents: ResidentRow[];
}

/** Splits `count` over the areas in proportion to population, exactly (largest remainder). */
export function allocateResidents(areas: MunicipalityArea[], count: number): Map<string, number> {
  const total = areas.reduce((sum, a) => sum + a.population, 0);
  if (total <= 0) throw new Error('no population to allocate residents by');
  const shares = areas.map((a) => {
    const exact = (count * a.population) / total;
    return { code: a.code, floor: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = count - shares.reduce((sum, s) => sum + s.floor, 0);
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || a.code.localeCompare(b.code));
  for (const share of byRemainder) {
    if (left <= 0) break;
    share.floor += 1;
    left -= 1;
  }
  return new Map(shares.map((s) => [s.code, s.floor]));
}

/**
 * Streams a synthetic population, municipality by municipality in code order, in batches of about
 * `batchSize` residents, so a million people never sit in memory at once. Everything except the
 * household ids (from `newId`) follows from `seed`: the same seed and areas give the same people.
 */
export function* generatePopulation(
  areas: MunicipalityArea[],
  options: { count: number; seed: number; batchSize: number; newId: () => string },
): Generator<PopulationBatch> {
  const rng = new Random(options.seed);
  // A stream of its own, so adding these attributes left every earlier person exactly as it was.
  const attributes = new Random(options.seed ^ 0x5eed_0011);
  const quotas = allocateResidents(areas, options.count);
  let batch: PopulationBatch = { households: [], residents: [] };
  const ordered = [...areas].sort((a, b) => a.code.localeCompare(b.code));
  for (const area of ordered) {
    let remaining = quotas.get(area.code) ?? 0;
    while (remaining > 0) {
      const members = draftHousehold(rng, remaining);
      const home = sampleHome(rng, area);
      const address = formatAddress(rng, area.name, home.town);
      const household: HouseholdRow = {
        id: options.newId(),
        municipalityCode: area.code,
        address,
        lon: home.lon,
        lat: home.lat,
        houseDamage: drawHouseDamage(attributes, area.code),
      };
      batch.households.push(household);
      for (const member of members) {
        batch.residents.push({
          householdId: household.id,
          familyName: member.familyName.kanji,
          givenName: member.givenName.kanji,
          familyNameKana: member.familyName.kana,
          givenNameKana: member.givenName.kana,
          birthDate: member.birthDate,
          sex: member.sex,
          relationship: member.relationship,
          homeAddress: address,
          lon: home.lon,
          lat: home.lat,
          municipalityCode: area.code,
          careNeeds: member.careNeeds,
          noticeConsent: drawNoticeConsent(attributes, member.birthDate),
        });
      }
      remaining -= members.length;
      if (batch.residents.length >= options.batchSize) {
        yield batch;
        batch = { households: [], residents: [] };
      }
    }
  }
  if (batch.residents.length > 0) yield batch;
}
