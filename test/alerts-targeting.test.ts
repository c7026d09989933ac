import { randomInt } from 'node:crypto';
import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../geo/src/geometry.js';
import type { AreaSet } from '../geo/src/targeting/area-set.js';
import { geodesicDestination, geodesicDistance } from '../geo/src/targeting/geodesic.js';
import type { Database } from '../server/src/db/database.js';
import { countTargets, targetedResidentIds } from '../server/src/modules/alerts/targeting.queries.js';
import { openTestDatabase } from './support/database.js';
import {
  buildLiveLocation,
  buildMunicipalityWithBoundary,
  buildResidentsAt,
  buildShelterAt,
  checkInAt,
} from './support/factories.js';

/**
 * The targeting SQL against an independent oracle: @turf/turf point-in-polygon for polygons and
 * municipality boundaries, ellipsoidal (Vincenty) distance for circles — the same candidate points
 * read back from the database, classified in JavaScript. The sets must be identical.
 */
describe('alert targeting vs a turf oracle', () => {
  let db: Database;
  // A fresh patch of open sea per run, so other tests' data never lands inside.
  const O: Position = [150 + randomInt(1000) / 100, 40 + randomInt(500) / 100];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    at(x0, y0),
    at(x1, y0),
    at(x1, y1),
    at(x0, y1),
    at(x0, y0),
  ];
  // Municipality A: a square with a hole. B: its neighbour to the east.
  const donut = {
    type: 'MultiPolygon',
    coordinates: [[square(0, 0, 0.1, 0.1), square(0.03, 0.03, 0.07, 0.07).reverse()]],
  };
  const east = { type: 'MultiPolygon', coordinates: [[square(0.1, 0, 0.2, 0.1)]] };
  // A concave polygon straddling the A/B border, and a separate triangle (one area, two polygons).
  const concave: Position[] = [
    at(0.06, 0.08),
    at(0.16, 0.08),
    at(0.16, 0.14),
    at(0.11, 0.1),
    at(0.06, 0.14),
    at(0.06, 0.08),
  ];
  const triangle: Position[] = [at(-0.05, -0.05), at(-0.01, -0.05), at(-0.03, -0.01), at(-0.05, -0.05)];
  const circle = { center: at(0.15, -0.04), radiusM: 2500 };
  let set: AreaSet;
  let codeA: string;
  let codeB: string;

  /** Points just inside / just outside every edge (10 cm), on axis-aligned edges, and at vertices. */
  function edgeProbes(ring: Position[]): Position[] {
    const probes: Position[] = [];
    for (let i = 0; i + 1 < ring.length; i += 1) {
      const [a, b] = [ring[i]!, ring[i + 1]!];
      const mid: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const normal: Position = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
      for (const offset of [1e-6, -1e-6, 1e-4, -1e-4])
        probes.push([mid[0] + normal[0] * offset, mid[1] + normal[1] * offset]);
      probes.push(a);
    }
    return probes;
  }

  /**
   * Points exactly on the corners and edges of geohash cells of levels 6 and 7 (the levels the
   * targeting cover ends at here; coarser cell edges lie on the same lines) around `spots`: a home
   * there belongs to exactly one cell, and must be counted once, and only when inside.
   */
  function cellEdgeProbes(spots: Position[]): Position[] {
    const levels: [number, number][] = [
      [360 / 2 ** 15, 180 / 2 ** 15],
      [360 / 2 ** 18, 180 / 2 ** 17],
    ];
    return levels.flatMap(([lonStep, latStep]) =>
      spots.flatMap(([lon, lat]) => {
        const x0 = Math.floor((lon + 180) / lonStep) * lonStep - 180;
        const y0 = Math.floor((lat + 90) / latStep) * latStep - 90;
        return [0, 0.5, 1, 1.5, 2].flatMap((a) =>
          [0, 0.5, 1, 1.5, 2].map((b): Position => [x0 + a * lonStep, y0 + b * latStep]),
        );
      }),
    );
  }

  function circleProbes(): Position[] {
    const probes: Position[] = [circle.center];
    for (let bearing = 0; bearing < 360; bearing += 22.5) {
      for (const d of [
        circle.radiusM - 1.5,
        circle.radiusM + 1.5,
        circle.radiusM * 0.996,
        circle.radiusM * 1.004,
      ]) {
        probes.push(geodesicDestination(circle.center, bearing, d));
      }
    }
    return probes;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    codeA = await buildMunicipalityWithBoundary(db, donut);
    codeB = await buildMunicipalityWithBoundary(db, east);
    set = {
      polygons: [concave, triangle],
      circles: [{ lat: circle.center[1], lon: circle.center[0], radiusM: circle.radiusM }],
      municipalityCodes: [codeA],
    };

    const random = Array.from({ length: 600 }, () =>
      at(-0.08 + randomInt(32_000) / 100_000, -0.08 + randomInt(32_000) / 100_000),
    );
    const probes = [
      ...random,
      ...edgeProbes(concave),
      ...edgeProbes(triangle),
      ...edgeProbes(donut.coordinates[0]![0]!),
      ...edgeProbes(donut.coordinates[0]![1]!),
      ...circleProbes(),
      ...cellEdgeProbes([at(0.015, 0.015), at(0.09, 0.05), at(0.1, 0.08), at(0.06, 0.11), circle.center]),
    ];
    const homes = await buildResidentsAt(db, probes);

    // People without a home here, checked in at shelters inside and outside the area.
    const shelterPoints = [
      at(0.02, 0.02),
      at(0.05, 0.05),
      at(0.12, 0.09),
      at(0.15, 0.05),
      circleProbes()[1]!,
      circleProbes()[2]!,
    ];
    const guests = await buildResidentsAt(
      db,
      shelterPoints.flatMap(() => [null, null]),
    );
    for (const [i, point] of shelterPoints.entries()) {
      const shelterId = await buildShelterAt(db, { municipalityCode: codeB, at: point });
      await checkInAt(db, shelterId, guests.slice(i * 2, i * 2 + 2));
    }

    // Live locations: shared and fresh, shared but stale, fresh but not shared.
    const travellers = await buildResidentsAt(
      db,
      random.slice(0, 60).map(() => null),
    );
    for (const [i, residentId] of travellers.entries()) {
      await buildLiveLocation(db, {
        residentId,
        // Every other one inside the donut's ring, the rest anywhere.
        at: i % 2 === 0 ? at(0.005 + i * 0.0004, 0.015) : random[i + 100]!,
        share: i % 3 !== 2,
        expiresInMs: i % 3 === 1 ? -60_000 : 10 * 60_000,
      });
    }
    // A resident at home outside whose live location is inside counts once, as both.
    await buildLiveLocation(db, { residentId: homes[0]!, at: at(0.01, 0.01) });
  });

  afterAll(async () => {
    await db.close();
  });

  async function oracle(): Promise<{ ids: string[]; home: number; shelter: number; live: number }> {
    const box = [O[0] - 0.2, O[1] - 0.2, O[0] + 0.4, O[1] + 0.4];
    const { rows: boundaries } = await db.query<{ geojson: string }>(
      'SELECT ST_AsGeoJSON(boundary, 15) AS geojson FROM municipalities WHERE code = ANY ($1::text[])',
      [set.municipalityCodes],
    );
    const shapes: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>[] = [
      ...set.polygons.map((ring) => turf.polygon([ring])),
      ...boundaries.map((b) => turf.feature(JSON.parse(b.geojson) as GeoJSON.MultiPolygon)),
    ];
    const inside = (lon: number, lat: number) =>
      shapes.some((shape) => turf.booleanPointInPolygon([lon, lat], shape)) ||
      set.circles.some((c) => geodesicDistance([c.lon, c.lat], [lon, lat]) <= c.radiusM);

    const envelope = 'ST_MakeEnvelope($1, $2, $3, $4, 4326)';
    const homes = await db.query<{ id: string; lon: number; lat: number }>(
      `SELECT id, ST_X(home_point) AS lon, ST_Y(home_point) AS lat FROM residents WHERE home_point && ${envelope}`,
      box,
    );
    const sheltered = await db.query<{ id: string; lon: number; lat: number }>(
      `SELECT w.resident_id AS id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat
       FROM whereabouts_current w JOIN shelters s ON s.id = w.shelter_id
       WHERE w.place = 'shelter' AND s.location && ${envelope}`,
      box,
    );
    const live = await db.query<{ id: string; lon: number; lat: number; share: boolean; fresh: boolean }>(
      `SELECT l.resident_id AS id, ST_X(l.location) AS lon, ST_Y(l.location) AS lat,
              r.share_live_location AS share, l.expires_at > now() AS fresh
       FROM resident_locations l JOIN residents r ON r.id = l.resident_id WHERE l.location && ${envelope}`,
      box,
    );
    const homeIds = new Set(homes.rows.filter((p) => inside(p.lon, p.lat)).map((p) => p.id));
    const shelterIds = new Set(sheltered.rows.filter((p) => inside(p.lon, p.lat)).map((p) => p.id));
    const liveIds = new Set(
      live.rows.filter((p) => p.share && p.fresh && inside(p.lon, p.lat)).map((p) => p.id),
    );
    return {
      ids: [...new Set([...homeIds, ...shelterIds, ...liveIds])].sort(),
      home: homeIds.size,
      shelter: shelterIds.size,
      live: liveIds.size,
    };
  }

  it('targets exactly the people the oracle finds: homes, shelters and live locations', async () => {
    const expected = await oracle();
    const actual = await targetedResidentIds(db, set);
    expect(actual).toEqual(expected.ids);
    // The data must exercise every source on both sides, or the comparison proves little.
    expect(expected.home).toBeGreaterThan(100);
    expect(expected.shelter).toBe(6);
    expect(expected.live).toBeGreaterThanOrEqual(8);
    const counts = await countTargets(db, set);
    expect(counts).toEqual({
      total: expected.ids.length,
      home: expected.home,
      shelter: expected.shelter,
      live: expected.live,
    });
  });

  it('agrees on each shape alone: hole, multipolygon across a border, circle edge', async () => {
    const variants: AreaSet[] = [
      { polygons: [], circles: [], municipalityCodes: [codeA] },
      { polygons: [], circles: [], municipalityCodes: [codeA, codeB] },
      { polygons: [concave, triangle], circles: [], municipalityCodes: [] },
      { polygons: [], circles: set.circles, municipalityCodes: [] },
    ];
    for (const variant of variants) {
      set = variant;
      expect(await targetedResidentIds(db, set)).toEqual((await oracle()).ids);
    }
  });

  it('puts the circle edge where the ellipsoid does, not where a sphere would', () => {
    // turf's haversine (sphere) and the ellipsoid differ by up to ~0.3 % here: east of the centre
    // 6–7 m on a 2.5 km circle (north, 1.4–3.6 m, depending on the latitude the test drew), more
    // than the 1.5 m probes around the edge. The oracle therefore measures on the ellipsoid.
    const gaps = [0, 90].map((bearing) => {
      const edge = geodesicDestination(circle.center, bearing, circle.radiusM);
      return Math.abs(turf.distance(circle.center, edge, { units: 'meters' }) - circle.radiusM);
    });
    expect(Math.max(...gaps)).toBeGreaterThan(1.5);
    for (const gap of gaps) expect(gap / circle.radiusM).toBeLessThan(0.006);
  });
});
