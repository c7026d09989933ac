import type { Position } from '@geo/src/geometry.js';
import type { AreaSet } from '@geo/src/targeting/area-set.js';
import type { Database, Queryable } from '../../db/database.js';

/**
 * Who an area set targets, in one SQL statement: the union, without duplicates, of residents whose
 * home is inside, people checked in at a shelter inside, and people sharing a live location that
 * has not expired and is inside.
 *
 * Homes are read from `residents_home_cell_idx` (migrations 0015, 0023): a btree on the home's
 * geohash that also carries the resident id, the point and the language, so a city's homes are a
 * few hundred contiguous key ranges read by index-only scans instead of one random heap read per
 * person.
 *
 * - The area is covered with geohash cells (`cover`): a cell the area (or a circle) fully covers
 *   takes every home in it without testing each point; a cell on the edge is split down to a depth
 *   that keeps the cover at most 128 cells across, and its homes are tested one by one. Cells do not
 *   overlap and a home is in exactly one, so `homes` has no duplicates and needs no DISTINCT.
 * - Polygons and municipality boundaries are merged into one shape. Points on an edge count as
 *   inside (ST_Intersects), as in turf's booleanPointInPolygon.
 * - Circles are measured on the WGS 84 ellipsoid (ST_DWithin on geography), after a bounding-box
 *   test that is always a little larger than the circle. A cell is inside a circle when its four
 *   corners are (with a metre to spare): along a parallel or a meridian the distance from the
 *   centre has no maximum between the ends, so the farthest point of a cell is a corner.
 * - A home is inside its cell's box exactly: ST_GeoHash and ST_GeomFromGeoHash halve the same
 *   intervals, and a cell is "covered" by ST_CoveredBy on that box, edges included.
 *
 * Parameters: $1 polygons (GeoJSON text[]), $2 municipality codes, $3/$4/$5 circle lat/lon/radius_m,
 * $6 deepest cover level.
 */
/**
 * Level 7 cells are about 150 m square. A city gets level 6 (1.2 km × 0.6 km) from the 128-across
 * rule anyway; a circle of a few km gets level 7, which leaves fewer homes to measure one by one
 * (5 km circle on the bench data: 200 → 170 ms of database CPU).
 */
export const MAX_COVER_LEVEL = 7;

/** The key of `residents_home_cell_idx`; queries must spell it exactly like this to use it. */
const homeCell = (point: string) => `ST_GeoHash(${point}, 8) COLLATE "C"`;

/** Whether a point is in the shapes or one of the circles (the exact test, with a box probe first). */
const inArea = (point: string) => `(
  ST_Intersects((SELECT geom FROM shapes), ${point})
  OR EXISTS (SELECT 1 FROM circles k
             WHERE ${point} && k.box AND ST_DWithin(${point}::geography, k.center, k.radius_m)))`;

const cornerWithin = (x: string, y: string) =>
  `ST_DWithin(ST_SetSRID(ST_MakePoint(${x}(cell.box), ${y}(cell.box)), 4326)::geography, k.center, GREATEST(k.radius_m - 1, 0))`;

/** Use after `WITH RECURSIVE` (the cover is recursive); TARGETED_CTE may follow. */
export const TARGET_CTES = `
  shapes AS MATERIALIZED (
    SELECT ST_Union(shape) AS geom FROM (
      SELECT ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) AS shape FROM unnest($1::text[]) AS g
      UNION ALL
      SELECT boundary FROM municipalities WHERE code = ANY ($2::text[])
    ) AS parts
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
  extent AS MATERIALIZED (
    SELECT box FROM (
      SELECT ST_SetSRID(ST_Extent(b)::geometry, 4326) AS box
      FROM (SELECT geom AS b FROM shapes UNION ALL SELECT box FROM circles) AS boxes
    ) AS e
    WHERE box IS NOT NULL
  ),
  -- The deepest level at which the extent is at most 128 cells across (level L cells are
  -- 360 / 2^ceil(5L/2) degrees wide and 180 / 2^floor(5L/2) high).
  depth AS MATERIALIZED (
    SELECT COALESCE(max(level), 1) AS level FROM extent, generate_series(1, $6::int) AS level
    WHERE 360.0 / 2 ^ ceil(5 * level / 2.0) * 128 >= ST_XMax(extent.box) - ST_XMin(extent.box)
      AND 180.0 / 2 ^ floor(5 * level / 2.0) * 128 >= ST_YMax(extent.box) - ST_YMin(extent.box)
  ),
  cover (hash, inside) AS (
    SELECT ST_GeoHash(box), false FROM extent
    UNION ALL
    SELECT cell.hash,
           COALESCE(ST_CoveredBy(cell.box, (SELECT geom FROM shapes)), false)
           OR EXISTS (SELECT 1 FROM circles k
                      WHERE ${cornerWithin('ST_XMin', 'ST_YMin')} AND ${cornerWithin('ST_XMin', 'ST_YMax')}
                        AND ${cornerWithin('ST_XMax', 'ST_YMin')} AND ${cornerWithin('ST_XMax', 'ST_YMax')})
    FROM cover AS parent
    CROSS JOIN LATERAL (
      SELECT parent.hash || ch AS hash, ST_SetSRID(ST_GeomFromGeoHash(parent.hash || ch), 4326) AS box
      FROM unnest(string_to_array('0123456789bcdefghjkmnpqrstuvwxyz', NULL)) AS ch
    ) AS cell
    WHERE NOT parent.inside AND length(parent.hash) < (SELECT level FROM depth)
      AND (COALESCE(ST_Intersects(cell.box, (SELECT geom FROM shapes)), false)
           OR EXISTS (SELECT 1 FROM circles k WHERE cell.box && k.box))
  ),
  cells AS MATERIALIZED (
    SELECT hash, inside FROM cover WHERE inside OR length(hash) = (SELECT level FROM depth)
  ),
  homes AS (
    SELECT r.id AS resident_id, r.language FROM cells c
    JOIN residents r ON ${homeCell('r.home_point')} >= c.hash AND ${homeCell('r.home_point')} < c.hash || '{'
    WHERE c.inside OR ${inArea('r.home_point')}
  ),
  sheltered AS (
    SELECT w.resident_id FROM whereabouts_current w
    WHERE w.place = 'shelter' AND w.shelter_id IN (
      SELECT s.id FROM shelters s WHERE s.location && (SELECT box FROM extent) AND ${inArea('s.location')}
    )
  ),
  live AS (
    SELECT l.resident_id FROM resident_locations l
    JOIN residents r ON r.id = l.resident_id AND r.share_live_location
    WHERE l.expires_at > now() AND l.location && (SELECT box FROM extent) AND ${inArea('l.location')}
  ),
  others AS (SELECT resident_id FROM sheltered UNION SELECT resident_id FROM live),
  -- The people in others whom homes has too, decided by the same cell and the same test (a
  -- home's cell is the one whose hash is a prefix of the home's key).
  others_home AS (
    SELECT o.resident_id FROM others o
    JOIN residents r ON r.id = o.resident_id
    CROSS JOIN generate_series(1, $6::int) AS k
    JOIN cells c ON c.hash = left(ST_GeoHash(r.home_point, 8), k)
    WHERE c.inside OR ${inArea('r.home_point')}
  )`;

/**
 * Everyone targeted, one row per person with their language (homes carry it from the index they
 * are read from; the few found only at a shelter or by live location look it up): after TARGET_CTES. Kept apart so that a statement that
 * only counts reads `homes` once, and PostgreSQL streams it instead of storing every row.
 */
export const TARGETED_CTE = `
  targeted AS (
    SELECT resident_id, language FROM homes
    UNION ALL
    SELECT o.resident_id, r.language FROM others o JOIN residents r ON r.id = o.resident_id
    WHERE o.resident_id NOT IN (SELECT resident_id FROM others_home)
  )`;

/**
 * For the transaction that runs a targeting statement. Its row estimates (the range join on
 * cells is guessed at millions of rows) make the planner JIT-compile it, which costs more than
 * the query on a city; and the send path's joins on a few hundred thousand ids (holders of an
 * earlier message) should hash in memory, not spill.
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
    MAX_COVER_LEVEL,
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
    // Each CTE is read once, so none of the large ones is materialised.
    const { rows } = await tx.query<TargetCounts>(
      `WITH RECURSIVE ${TARGET_CTES}
     SELECT (h.n + o.n - oh.n)::int AS total, h.n::int AS home, s.n::int AS shelter, l.n::int AS live
     FROM (SELECT count(*) AS n FROM homes) AS h,
          (SELECT count(*) AS n FROM others) AS o,
          (SELECT count(*) AS n FROM others_home) AS oh,
          (SELECT count(*) AS n FROM sheltered) AS s,
          (SELECT count(*) AS n FROM live) AS l`,
      targetParams(set),
    );
    return rows[0]!;
  });
}

/** The targeted resident ids (tests and the oracle comparison; issuing writes them in SQL). */
export async function targetedResidentIds(db: Queryable, set: AreaSet): Promise<string[]> {
  const { rows } = await db.query<{ resident_id: string }>(
    `WITH RECURSIVE ${TARGET_CTES}, ${TARGETED_CTE} SELECT resident_id FROM targeted ORDER BY resident_id`,
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
