import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test/support/database.js';
import type { Database } from '../../db/database.js';
import { isRegionLoaded, loadRegion } from '../region/region.loader.js';
import { generatePopulation, type ResidentRow } from './population.generator.js';
import { generateResidents, loadResidentAreas } from './residents.generator.js';

describe('generateResidents', () => {
  let db: Database;
  let startedAt: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    if (!(await isRegionLoaded(db))) await loadRegion(db);
    startedAt = (await db.query<{ now: string }>('SELECT now()::text AS now')).rows[0]?.now ?? '';
  });

  afterAll(async () => {
    // A shared PostgreSQL keeps only what it had: remove the households made here.
    await db.query(
      `DELETE FROM residents WHERE household_id IN (SELECT id FROM households WHERE created_at >= $1::timestamptz)`,
      [startedAt],
    );
    await db.query('DELETE FROM households WHERE created_at >= $1::timestamptz', [startedAt]);
    await db.close();
  });

  it('generates the same first people from the same seed on the stored boundaries', async () => {
    const areas = await loadResidentAreas(db);
    expect(areas.map((a) => a.code)).toHaveLength(19);
    const first = (seed: number): ResidentRow[] => {
      const batch = generatePopulation(areas, { count: 500, seed, batchSize: 100, newId: () => 'id' }).next();
      return batch.done ? [] : batch.value.residents.slice(0, 20);
    };
    expect(first(1)).toEqual(first(1));
    expect(first(1)).not.toEqual(first(2));
  });

  it('loads households and residents, every home inside its municipality (ST_Contains)', async () => {
    const progress: number[] = [];
    const result = await generateResidents(db, {
      count: 3_000,
      seed: 7,
      append: true,
      batchSize: 1_000,
      onProgress: (p) => progress.push(p.residents),
    });
    expect(result).toMatchObject({ skipped: false, residents: 3_000 });
    expect(progress.at(-1)).toBe(3_000);

    const { rows } = await db.query<{
      households: number;
      outside: number;
      residents: number;
      misplaced: number;
    }>(
      `WITH mine AS (SELECT * FROM households WHERE created_at >= $1::timestamptz)
       SELECT (SELECT count(*) FROM mine)::int AS households,
              (SELECT count(*) FROM mine h JOIN municipalities m ON m.code = h.municipality_code
                WHERE NOT ST_Contains(m.boundary, h.home_point))::int AS outside,
              (SELECT count(*) FROM residents r JOIN mine h ON h.id = r.household_id)::int AS residents,
              (SELECT count(*) FROM residents r JOIN mine h ON h.id = r.household_id
                WHERE NOT ST_Equals(r.home_point, h.home_point) OR r.home_municipality_code <> h.municipality_code
                   OR r.home_address <> h.address)::int AS misplaced`,
      [startedAt],
    );
    expect(rows[0]).toEqual({ households: result.households, outside: 0, residents: 3_000, misplaced: 0 });
  });

  it('does nothing when residents exist, unless asked to append', async () => {
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM residents')).rows[0]?.n;
    const result = await generateResidents(db, { count: 10, seed: 1 });
    expect(result).toMatchObject({ skipped: true, residents: 0, existingBefore: before });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM residents')).rows[0]?.n).toBe(
      before,
    );
  });
});
