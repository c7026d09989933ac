import type { Queryable } from '../../db/database.js';
import type { MultiPolygonCoordinates } from '../../../../geo/src/geometry.js';
import type { HouseholdRow, ResidentRow } from './population.generator.js';

/** Parallel arrays through `unnest`: one statement per batch, same SQL on PostgreSQL and PGlite. */
export async function insertHouseholds(q: Queryable, rows: HouseholdRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO households (id, municipality_code, address, home_point)
     SELECT t.id, t.municipality_code, t.address, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[])
          AS t(id, municipality_code, address, lon, lat)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.municipalityCode),
      rows.map((r) => r.address),
      rows.map((r) => r.lon),
      rows.map((r) => r.lat),
    ],
  );
}

/** Care needs travel as comma-joined text: unnest cannot take an array of arrays of uneven length. */
export async function insertResidents(q: Queryable, rows: ResidentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana,
                            birth_date, sex, relationship, home_address, home_point,
                            home_municipality_code, care_needs)
     SELECT t.household_id, t.family_name, t.given_name, t.family_name_kana, t.given_name_kana,
            t.birth_date, t.sex, t.relationship, t.home_address, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326),
            t.municipality_code, string_to_array(t.care_needs, ',')
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[],
                 $8::text[], $9::text[], $10::float8[], $11::float8[], $12::text[], $13::text[])
          AS t(household_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex,
               relationship, home_address, lon, lat, municipality_code, care_needs)`,
    [
      rows.map((r) => r.householdId),
      rows.map((r) => r.familyName),
      rows.map((r) => r.givenName),
      rows.map((r) => r.familyNameKana),
      rows.map((r) => r.givenNameKana),
      rows.map((r) => r.birthDate),
      rows.map((r) => r.sex),
      rows.map((r) => r.relationship),
      rows.map((r) => r.homeAddress),
      rows.map((r) => r.lon),
      rows.map((r) => r.lat),
      rows.map((r) => r.municipalityCode),
      rows.map((r) => r.careNeeds.join(',')),
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
export async function municipalityBoundaries(q: Queryable): Promise<MunicipalityBoundaryRow[]> {
  const { rows } = await q.query<{ code: string; name: string; population: number | null; geojson: string }>(
    'SELECT code, name, population, ST_AsGeoJSON(boundary, 15) AS geojson FROM municipalities ORDER BY code',
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
