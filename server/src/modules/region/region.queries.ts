import type { Queryable } from '../../db/database.js';
import type { Capacity } from './capacity.js';
import type { MunicipalityRecord } from './municipalities.parse.js';
import type { ShelterPoint } from './nanao.match.js';
import type { ShelterRecord } from './shelters.dedup.js';

/**
 * Plain SQL for the region tables. Rows go in as parallel arrays through `unnest`, so one statement
 * loads a whole batch and the same text runs on PostgreSQL and on PGlite.
 */
const SHELTER_BATCH = 1_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function knownMunicipalityCodes(q: Queryable): Promise<Set<string>> {
  const { rows } = await q.query<{ code: string }>('SELECT code FROM municipalities');
  return new Set(rows.map((row) => row.code));
}

/** Simplified boundaries can self-intersect; ST_MakeValid repairs them and keeps only the polygons. */
export async function upsertMunicipalities(q: Queryable, records: MunicipalityRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const result = await q.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     SELECT t.code, t.name, t.prefecture, t.population,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(t.geojson), 4326)), 3))
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
          AS t(code, name, prefecture, population, geojson)
     ON CONFLICT (code) DO UPDATE SET
       name = EXCLUDED.name, prefecture = EXCLUDED.prefecture,
       population = EXCLUDED.population, boundary = EXCLUDED.boundary`,
    [
      records.map((r) => r.code),
      records.map((r) => r.name),
      records.map((r) => r.prefecture),
      records.map((r) => r.population),
      records.map((r) => JSON.stringify({ type: 'MultiPolygon', coordinates: r.coordinates })),
    ],
  );
  return result.rowCount;
}

/**
 * Keyed on `source_id`, so a second import updates in place. Live fields (status, occupancy,
 * capacities) are left alone: they belong to operations, not to the national list.
 */
export async function upsertShelters(q: Queryable, records: ShelterRecord[]): Promise<number> {
  let written = 0;
  for (const batch of chunks(records, SHELTER_BATCH)) {
    const result = await q.query(
      `INSERT INTO shelters (source_id, name, address, kind, is_emergency_site, municipality_code, location, hazards)
       SELECT t.source_id, t.name, t.address, t.kind, t.is_emergency_site, t.municipality_code,
              ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), string_to_array(t.hazards, ',')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[],
                   $7::float8[], $8::float8[], $9::text[])
            AS t(source_id, name, address, kind, is_emergency_site, municipality_code, lon, lat, hazards)
       ON CONFLICT (source_id) DO UPDATE SET
         name = EXCLUDED.name, address = EXCLUDED.address, kind = EXCLUDED.kind,
         is_emergency_site = EXCLUDED.is_emergency_site, municipality_code = EXCLUDED.municipality_code,
         location = EXCLUDED.location, hazards = EXCLUDED.hazards, updated_at = now()`,
      [
        batch.map((r) => r.sourceId),
        batch.map((r) => r.name),
        batch.map((r) => r.address),
        batch.map((r) => r.kind),
        batch.map((r) => r.isEmergencySite),
        batch.map((r) => r.municipalityCode),
        batch.map((r) => r.lon),
        batch.map((r) => r.lat),
        batch.map((r) => r.hazards.join(',')),
      ],
    );
    written += result.rowCount;
  }
  return written;
}

export async function sheltersInMunicipality(q: Queryable, code: string): Promise<ShelterPoint[]> {
  const { rows } = await q.query<ShelterPoint>(
    `SELECT id, name, ST_X(location) AS lon, ST_Y(location) AS lat
     FROM shelters WHERE municipality_code = $1 ORDER BY source_id, id`,
    [code],
  );
  return rows;
}

export async function setCapacities(
  q: Queryable,
  updates: { shelterId: string; capacity: Capacity }[],
): Promise<number> {
  if (updates.length === 0) return 0;
  const result = await q.query(
    `UPDATE shelters s SET capacity_indoor = t.indoor, capacity_outdoor = t.outdoor, updated_at = now()
     FROM unnest($1::uuid[], $2::int[], $3::int[]) AS t(id, indoor, outdoor)
     WHERE s.id = t.id`,
    [
      updates.map((u) => u.shelterId),
      updates.map((u) => u.capacity.indoor),
      updates.map((u) => u.capacity.outdoor),
    ],
  );
  return result.rowCount;
}

export interface RegionCounts {
  municipalities: number;
  shelters: number;
}

/** Counts only the given municipalities and the shelters in them that came from an import. */
export async function countRegion(q: Queryable, codes: string[]): Promise<RegionCounts> {
  const { rows } = await q.query<RegionCounts>(
    `SELECT (SELECT count(*) FROM municipalities WHERE code = ANY($1::text[]))::int AS municipalities,
            (SELECT count(*) FROM shelters
              WHERE source_id IS NOT NULL AND municipality_code = ANY($1::text[]))::int AS shelters`,
    [codes],
  );
  return rows[0] ?? { municipalities: 0, shelters: 0 };
}
