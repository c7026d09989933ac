import type { Queryable } from '../../db/database.js';
import type { MultiPolygonCoordinates } from '@geo/src/geometry.js';
import type { PopulationBatch } from './population.generator.js';

/**
 * One batch of households and their residents in a single statement (a data-modifying CTE), as
 * parallel arrays through `unnest`: the same SQL on PostgreSQL and PGlite, and one round trip, so
 * the next batch can be generated while the database writes this one. The residents' foreign key
 * is checked at the end of the statement, when the households are there.
 * Care needs travel as comma-joined text: unnest cannot take an array of arrays of uneven length.
 */
export async function insertPopulationBatch(q: Queryable, batch: PopulationBatch): Promise<void> {
  const { households, residents } = batch;
  if (households.length === 0) return;
  await q.query(
    `WITH new_households AS (
       INSERT INTO households (id, municipality_code, address, home_point, house_damage)
       SELECT h.id, h.municipality_code, h.address, ST_SetSRID(ST_MakePoint(h.lon, h.lat), 4326), h.house_damage
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $19::text[])
            AS h(id, municipality_code, address, lon, lat, house_damage)
     )
     INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana,
                            birth_date, sex, relationship, home_address, home_point,
                            home_municipality_code, care_needs, notice_consent)
     SELECT t.household_id, t.family_name, t.given_name, t.family_name_kana, t.given_name_kana,
            t.birth_date, t.sex, t.relationship, t.home_address, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326),
            t.municipality_code, string_to_array(t.care_needs, ','), t.notice_consent
     FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::text[],
                 $13::text[], $14::text[], $15::float8[], $16::float8[], $17::text[], $18::text[], $20::bool[])
          AS t(household_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex,
               relationship, home_address, lon, lat, municipality_code, care_needs, notice_consent)`,
    [
      households.map((h) => h.id),
      households.map((h) => h.municipalityCode),
      households.map((h) => h.address),
      households.map((h) => h.lon),
      households.map((h) => h.lat),
      residents.map((r) => r.householdId),
      residents.map((r) => r.familyName),
      residents.map((r) => r.givenName),
      residents.map((r) => r.familyNameKana),
      residents.map((r) => r.givenNameKana),
      residents.map((r) => r.birthDate),
      residents.map((r) => r.sex),
      residents.map((r) => r.relationship),
      residents.map((r) => r.homeAddress),
      residents.map((r) => r.lon),
      residents.map((r) => r.lat),
      residents.map((r) => r.municipalityCode),
      residents.map((r) => r.careNeeds.join(',')),
      households.map((h) => h.houseDamage),
      residents.map((r) => r.noticeConsent),
    ],
  );
}

export async function countResidents(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ count: number }>('SELECT count(*)::int AS count FROM residents');
  return rows[0]?.count ?? 0;
}

export interface MunicipalityBoundaryRow {
  code: string;
  name: string;
  population: number | null;
  coordinates: MultiPolygonCoordinates;
}

/** Boundaries as stored (after ST_MakeValid), at full precision, so homes pass ST_Contains too. */
export async function municipalityBoundaries(
  q: Queryable,
  codes: string[],
): Promise<MunicipalityBoundaryRow[]> {
  const { rows } = await q.query<{ code: string; name: string; population: number | null; geojson: string }>(
    `SELECT code, name, population, ST_AsGeoJSON(boundary, 15) AS geojson
     FROM municipalities WHERE code = ANY($1::text[]) ORDER BY code`,
    [codes],
  );
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    population: row.population,
    coordinates: (JSON.parse(row.geojson) as { coordinates: MultiPolygonCoordinates }).coordinates,
  }));
}

export async function shelterAddresses(
  q: Queryable,
): Promise<{ municipalityCode: string; address: string; lon: number; lat: number }[]> {
  const { rows } = await q.query<{ municipality_code: string; address: string; lon: number; lat: number }>(
    `SELECT municipality_code, address, ST_X(location) AS lon, ST_Y(location) AS lat
     FROM shelters WHERE address IS NOT NULL AND source_id IS NOT NULL ORDER BY source_id`,
  );
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
  }));
}
