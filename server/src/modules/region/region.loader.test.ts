import { cp, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test/support/database.js';
import type { Database, Queryable } from '../../db/database.js';
import { CENSUS_2020_POPULATION } from './census-2020.js';
import { StrictImportError } from './import-result.js';
import { DEFAULT_REGION_DATA_DIR, importShelters, isRegionLoaded, loadRegion } from './region.loader.js';

const CODES = Object.keys(CENSUS_2020_POPULATION);

async function regionCounts(q: Queryable) {
  const { rows } = await q.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM municipalities WHERE code = ANY($1::text[]))::int AS municipalities,
            (SELECT count(*) FROM shelters WHERE municipality_code = ANY($1::text[]) AND source_id IS NOT NULL)::int AS shelters,
            (SELECT count(*) FROM shelters WHERE municipality_code = ANY($1::text[]) AND is_emergency_site)::int AS emergency,
            (SELECT count(*) FROM shelters WHERE municipality_code = ANY($1::text[]) AND capacity_indoor IS NOT NULL)::int AS with_capacity,
            (SELECT count(*) FROM municipalities WHERE code = ANY($1::text[])
               AND ST_IsValid(boundary) AND GeometryType(boundary) = 'MULTIPOLYGON')::int AS valid_boundaries`,
    [CODES],
  );
  return rows[0];
}

class Rollback extends Error {}

describe('loadRegion', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('loads municipalities, merged shelters and Nanao capacities; a second run changes nothing', async () => {
    const first = await loadRegion(db);
    expect(first.municipalities).toEqual({ accepted: 19, rejected: [] });
    expect(first.shelters.rejected).toEqual([]);
    expect(first.shelters.sites).toEqual({
      total: 1855,
      designated: 880,
      welfare: 61,
      emergencyOnly: 914,
      both: 622,
    });
    expect(first.nanao.accepted).toBe(108);
    expect(first.nanao.unmatched).toHaveLength(1);
    expect(first.nanao.rejected).toHaveLength(3);
    const afterFirst = await regionCounts(db);
    expect(afterFirst).toEqual({
      municipalities: 19,
      shelters: 1855,
      emergency: 914 + 622,
      with_capacity: 108,
      valid_boundaries: 19,
    });
    expect(await isRegionLoaded(db)).toBe(true);

    const second = await loadRegion(db);
    expect(second.shelters.sites.total).toBe(1855);
    expect(await regionCounts(db)).toEqual(afterFirst);
  });

  it('puts every shelter inside its municipality, give or take the simplified coastline', async () => {
    const { rows } = await db.query<{ source_id: string }>(
      `SELECT s.source_id FROM shelters s JOIN municipalities m ON m.code = s.municipality_code
        WHERE m.code = ANY($1::text[]) AND NOT ST_DWithin(m.boundary::geography, s.location::geography, 2000)`,
      [CODES],
    );
    // 珠洲市 designates a welfare shelter (第二長寿園) that stands in neighbouring 能登町.
    expect(rows.map((r) => r.source_id)).toEqual(['E1720500124121']);
  });

  describe('with a bad row in the data', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'region-'));
      await cp(
        path.join(DEFAULT_REGION_DATA_DIR, 'municipalities.geojson'),
        path.join(dataDir, 'municipalities.geojson'),
      );
      await cp(path.join(DEFAULT_REGION_DATA_DIR, 'nanao-2024'), path.join(dataDir, 'nanao-2024'), {
        recursive: true,
      });
      await mkdir(path.join(dataDir, 'gsi-shelters', 'evacuation'), { recursive: true });
      await mkdir(path.join(dataDir, 'gsi-shelters', 'emergency'), { recursive: true });
      const feature = (id: string, name: string, coordinates: [number, number]) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates },
        properties: { 共通ID: id, '施設・場所名': name, 住所: '石川県七尾市' },
      });
      await writeFile(
        path.join(dataDir, 'gsi-shelters', 'evacuation', '172022.json'),
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            feature('E1720299998111', '試験避難所', [136.96, 37.04]),
            feature('E1720299999111', '位置不明', [0, 0]),
          ],
        }),
      );
    });

    const testShelterCount = async (q: Queryable) =>
      (
        await q.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM shelters WHERE source_id IN ('E1720299998111', 'E1720299999111')",
        )
      ).rows[0]?.n;

    it('strict mode loads nothing and names the row', async () => {
      const error = await loadRegion(db, { dataDir, strict: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StrictImportError);
      const rejected = (error as StrictImportError).rejected;
      expect(rejected.map((r) => [r.source, r.row])).toEqual([['gsi-shelters/evacuation/172022.json', 2]]);
      expect(rejected[0]?.reason).toMatch(/outside Ishikawa/);
      expect(await testShelterCount(db)).toBe(0);
    });

    it('default mode loads the good rows and reports the bad one', async () => {
      // Rolled back afterwards so a shared database keeps only the real data.
      await db
        .transaction(async (tx) => {
          const summary = await importShelters(tx, { dataDir });
          expect(summary.accepted).toBe(1);
          expect(summary.rejected.map((r) => r.row)).toEqual([2]);
          expect(await testShelterCount(tx)).toBe(1);
          throw new Rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      expect(await testShelterCount(db)).toBe(0);
    });
  });
});
