import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { loadRegion } from '../server/src/modules/region/region.loader.js';
import { NANAO_MUNICIPALITY_CODE } from '../server/src/modules/region/nanao.parse.js';
import { loadNanaoHistory, type NanaoHistory } from '../server/src/modules/replay/nanao-history.js';
import { pickReplayResidents } from '../server/src/modules/replay/replay-residents.js';
import { replayNanao } from '../server/src/modules/replay/replay.runner.js';
import { HttpStaffApi } from '../server/src/modules/replay/staff-api.js';
import { generatePopulation } from '../server/src/modules/residents/population.generator.js';
import { loadResidentAreas } from '../server/src/modules/residents/residents.generator.js';
import { insertPopulationBatch } from '../server/src/modules/residents/residents.queries.js';
import { buildUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** The first ten snapshots (the January peak, ~1,900 people) and five from late May. */
const REPLAYED = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 80, 81, 82, 83, 84];

/** Synthetic residents whose home is Nanao only, so the test needs no million-person registry. */
async function generateNanaoResidents(db: Database, count: number): Promise<void> {
  const areas = (await loadResidentAreas(db)).filter((a) => a.code === NANAO_MUNICIPALITY_CODE);
  await db.transaction(async (tx) => {
    for (const batch of generatePopulation(areas, {
      count,
      seed: 17202,
      batchSize: 5_000,
      newId: randomUUID,
    })) {
      await insertPopulationBatch(tx, batch);
    }
  });
}

describe('Nanao 2024 replay as card taps', () => {
  let t: TestServer;
  let history: NanaoHistory;

  beforeAll(async () => {
    t = await startTestServer();
    history = await loadNanaoHistory();
    await loadRegion(t.db);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reads all 118 snapshots; the busiest holds 1,933 people', () => {
    expect(history.snapshots).toHaveLength(118);
    expect(history.snapshots[0]!.label).toBe('2024-01-09-1800');
    expect(Math.max(...history.snapshots.map((s) => s.total))).toBe(1933);
  });

  it('brings every Nanao shelter to the snapshot count after each replayed snapshot', async () => {
    const hq = await buildUser(t.db, { role: 'hq_operator' });
    const api = await HttpStaffApi.signIn(t.url, hq.username, hq.password);
    // Enough people for the busiest replayed snapshot (the replay checks out before it checks in).
    await generateNanaoResidents(t.db, Math.max(...REPLAYED.map((n) => history.snapshots[n - 1]!.total)));

    const report = await replayNanao({
      baseUrl: t.url,
      api,
      only: REPLAYED,
      concurrency: 16,
      pickResidents: (count, before) => pickReplayResidents(t.db, count, before),
    });

    expect(report.snapshots.map((s) => s.index)).toEqual(REPLAYED);
    for (const snapshot of report.snapshots) {
      expect({
        label: snapshot.label,
        tapErrors: snapshot.tapErrors,
        mismatches: snapshot.mismatches,
      }).toEqual({
        label: snapshot.label,
        tapErrors: 0,
        mismatches: [],
      });
    }
    // 寄合い処みそぎ (NEW001) is a community space outside the designated-shelter registry.
    expect(report.match.unmatched.map((s) => s.id)).toEqual(['NEW001']);
    expect(report.match.shelterIds.size).toBe(33);
    const last = report.snapshots.at(-1)!;
    const { rows } = await t.db.query<{ taps: number; inside: number }>(
      `SELECT (SELECT count(*) FROM taps t JOIN shelters s ON s.id = t.shelter_id WHERE s.municipality_code = $1)::int AS taps,
              (SELECT count(*) FROM whereabouts_current w JOIN shelters s ON s.id = w.shelter_id
                WHERE s.municipality_code = $1 AND w.source = 'card_tap')::int AS inside`,
      [NANAO_MUNICIPALITY_CODE],
    );
    expect(rows[0]!.taps).toBeGreaterThanOrEqual(report.taps);
    expect(rows[0]!.inside).toBeGreaterThanOrEqual(last.replayedTotal);
  }, 180_000);
});
