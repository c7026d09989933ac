import type { Position } from '../../../../geo/src/geometry.js';
import type { AreaSet } from '../../../../geo/src/targeting/area-set.js';
import type { Database, Queryable } from '../../db/database.js';

/**
 * Who an area set targets, in one SQL statement: the union, without duplicates, of residents whose
 * home is inside, people checked in at a shelter inside, and people sharing a live location that
 * has not expired and is inside.
 *
 * - Polygons and municipality boundaries are cut with ST_Subdivide, so each GiST probe tests a
 *   small piece (a city boundary has thousands of vertices; its pieces have at most 64).
 * - Points on an edge count as inside (ST_Intersects), as in turf's booleanPointInPolygon.
 * - Circles are measured on the WGS 84 ellipsoid (ST_DWithin on geography), after a bounding-box
 *   probe on the geometry index that is always a little larger than the circle.
 *
 * Parameters: $1 polygons (GeoJSON text[]), $2 municipality codes, $3/$4/$5 circle lat/lon/radius_m,
 * $6 most vertices per subdivided piece.
 */
/** Smaller pieces have tighter boxes (fewer wasted index hits) and cheaper point tests. */
export const SUBDIVIDE_MAX_VERTICES = 16;

export const TARGET_CTES = `
  polygon_parts AS MATERIALIZED (
    SELECT ST_Subdivide(shape, $6::int) AS geom
    FROM (
      SELECT ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) AS shape FROM unnest($1::text[]) AS g
      UNION ALL
      SELECT boundary FROM municipalities WHERE code = ANY ($2::text[])
    ) AS shapes
  ),
  circles AS MATERIALIZED (
    SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS center,
           radius_m,
           -- A degree of latitude is >= 110,574 m and of longitude >= 111,319 m x cos(lat):
           -- dividing by 110,000 always gives a box that holds the whole circle.
           ST_Expand(
             ST_SetSRID(ST_MakePoint(lon, lat), 4326),
             radius_m / (110000.0 * cos(radians(LEAST(89.0, abs(lat) + radius_m / 110000.0)))),
             radius_m / 110000.0
           ) AS box
    FROM unnest($3::float8[], $4::float8[], $5::float8[]) AS c (lat, lon, radius_m)
  ),
  homes AS (
    SELECT r.id AS resident_id FROM polygon_parts p JOIN residents r ON ST_Intersects(p.geom, r.home_point)
    UNION
    SELECT r.id FROM circles c JOIN residents r
      ON r.home_point && c.box AND ST_DWithin(r.home_point::geography, c.center, c.radius_m)
  ),
  sheltered AS (
    SELECT w.resident_id FROM whereabouts_current w
    WHERE w.place = 'shelter' AND w.shelter_id IN (
      SELECT s.id FROM polygon_parts p JOIN shelters s ON ST_Intersects(p.geom, s.location)
      UNION ALL
      SELECT s.id FROM circles c JOIN shelters s
        ON s.location && c.box AND ST_DWithin(s.location::geography, c.center, c.radius_m)
    )
  ),
  live AS (
    SELECT hit.resident_id FROM (
      SELECT l.resident_id FROM polygon_parts p JOIN resident_locations l ON ST_Intersects(p.geom, l.location)
      WHERE l.expires_at > now()
      UNION
      SELECT l.resident_id FROM circles c JOIN resident_locations l
        ON l.location && c.box AND ST_DWithin(l.location::geography, c.center, c.radius_m)
      WHERE l.expires_at > now()
    ) AS hit
    JOIN residents r ON r.id = hit.resident_id AND r.share_live_location
  ),
  targets AS (
    SELECT resident_id, 'home' AS source FROM homes
    UNION ALL SELECT resident_id, 'shelter' FROM sheltered
    UNION ALL SELECT resident_id, 'live' FROM live
  )`;

/**
 * For the transaction that runs a targeting statement. Its row estimates (ST_Subdivide is
 * guessed at 2,000 pieces) make the planner JIT-compile it, which costs more than the query on a
 * city (~650 ms); and de-duplicating a few hundred thousand ids should hash in memory, not spill.
 */
export async function tuneForTargeting(tx: Queryable): Promise<void> {
  await tx.query("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)");
}

export const polygonGeoJson = (ring: Position[]) => JSON.stringify({ type: 'Polygon', coordinates: [ring] });

export function targetParams(set: AreaSet): unknown[] {
  return [
    set.polygons.map(polygonGeoJson),
    set.municipalityCodes,
    set.circles.map((c) => c.lat),
    set.circles.map((c) => c.lon),
    set.circles.map((c) => c.radiusM),
    SUBDIVIDE_MAX_VERTICES,
  ];
}

export interface TargetCounts {
  total: number;
  home: number;
  shelter: number;
  live: number;
}

export async function countTargets(db: Database, set: AreaSet): Promise<TargetCounts> {
  return db.transaction(async (tx) => {
    await tuneForTargeting(tx);
    const { rows } = await tx.query<TargetCounts>(
      `WITH ${TARGET_CTES}
     SELECT count(DISTINCT resident_id)::int AS total,
            count(*) FILTER (WHERE source = 'home')::int AS home,
            count(*) FILTER (WHERE source = 'shelter')::int AS shelter,
            count(*) FILTER (WHERE source = 'live')::int AS live
     FROM targets`,
      targetParams(set),
    );
    return rows[0]!;
  });
}

/** The targeted resident ids (tests and the oracle comparison; issuing writes them in SQL). */
export async function targetedResidentIds(db: Queryable, set: AreaSet): Promise<string[]> {
  const { rows } = await db.query<{ resident_id: string }>(
    `WITH ${TARGET_CTES} SELECT DISTINCT resident_id FROM targets ORDER BY resident_id`,
    targetParams(set),
  );
  return rows.map((row) => row.resident_id);
}

/** Indexes of polygons PostGIS finds invalid (a second opinion after the ring checks). */
export async function invalidPolygonIndexes(db: Queryable, polygons: Position[][]): Promise<number[]> {
  if (polygons.length === 0) return [];
  const { rows } = await db.query<{ index: number }>(
    `SELECT (i - 1)::int AS index FROM unnest($1::text[]) WITH ORDINALITY AS g (json, i)
     WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(json))`,
    [polygons.map(polygonGeoJson)],
  );
  return rows.map((row) => row.index);
}

export async function unknownMunicipalityCodes(db: Queryable, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<{ code: string }>(
    `SELECT c.code FROM unnest($1::text[]) AS c (code)
     WHERE NOT EXISTS (SELECT 1 FROM municipalities m WHERE m.code = c.code)`,
    [codes],
  );
  return rows.map((row) => row.code);
}
