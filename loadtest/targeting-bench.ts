/**
 * Warning targeting bench: `npm run bench:targeting -- [options]` (see docs/benchmarks.md,
 * "Warning targeting").
 *
 * Runs the server's own targeting code against PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/hinan_bench, migrated first) for four area sets: 金沢市 and
 * 七尾市 sent as polygons, a 5 km circle, and the JMA tsunami area 石川県加賀 (seven municipalities
 * by geocode). For each, warm and interleaved, `--runs` times:
 *
 * - baseline: `SELECT count(*) FROM residents WHERE home_municipality_code = ANY (…)` for the
 *   municipalities the area is drawn from (a plain btree count, the floor to compare with);
 * - preview: `countTargets`, the statement behind `POST /api/alerts/preview`;
 * - send set: the targeting step of sending, the same `targeted` set `writeInboxEntries` inserts
 *   from, counted instead of inserted.
 *
 * Then `--write-runs` times, each in a transaction that is rolled back (nothing is left behind):
 * `writeInboxEntries` for a new warning (targeting + the pending entry sets: what the warning's
 * transaction does before its commit and push), then the rows written from those sets (what
 * follows the push), and as their baseline a bare `INSERT … SELECT` of the same number of rows
 * into `inbox_items`.
 *
 * Wall times are what a caller waits; "cpu" is the database backend's own CPU time for the same
 * statement (from /proc), which other load on the machine does not inflate. `residents` is
 * vacuumed first (see below).
 *
 * Options: --runs 10  --write-runs 3  --out docs/benchmarks
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Position } from '../geo/src/geometry.js';
import { JMA_TSUNAMI_AREAS } from '../geo/src/cap/geocodes.js';
import type { AreaSet } from '../geo/src/targeting/area-set.js';
import type { Database, Queryable } from '../server/src/db/database.js';
import { openPostgres } from '../server/src/db/postgres.js';
import { writeInboxEntries } from '../server/src/modules/alerts/alerts.queries.js';
import {
  countTargets,
  TARGET_CTES,
  TARGETED_CTE,
  targetParams,
  tuneForTargeting,
} from '../server/src/modules/alerts/targeting.queries.js';
import { lockInboxWriters } from '../server/src/modules/inbox/inbox-writers.js';
import { ensureBenchDatabase } from './lib/bench-db.js';
import { describeMachine } from './lib/machine.js';
import { provenance } from './lib/provenance.js';
import { intOption } from './lib/cli-options.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'write-runs': { type: 'string', default: '3' },
    out: { type: 'string', default: 'docs/benchmarks' },
  },
});
const runs = intOption('runs', values.runs, 1, 1000);
const writeRuns = intOption('write-runs', values['write-runs'], 0, 100);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';

/** Thrown to roll a measured write back. */
class RollBack extends Error {}

interface Sample {
  ms: number;
  cpuMs: number | null;
}

interface Scenario {
  name: string;
  set: AreaSet;
  /** Municipalities the area is drawn from: the baseline counts their residents by code. */
  baselineCodes: string[];
}

/** One connection, so every statement runs in the backend whose CPU time is read. */
const db: Database = await (async () => {
  const migrated = await ensureBenchDatabase(databaseUrl);
  await migrated.close();
  return openPostgres({ connectionString: databaseUrl, maxConnections: 1 });
})();

// Index-only scans skip the heap only for pages the visibility map marks all-visible. Autovacuum
// keeps it up to date in service, but it may be off on a bench server, and a bulk load leaves the
// map empty until the first VACUUM.
console.log('VACUUM (ANALYZE) residents …');
await db.query('VACUUM (ANALYZE) residents');

const { rows: pidRows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
const backendPid = pidRows[0]!.pid;

/** User + system CPU time of the backend in ms, or null when PostgreSQL is not on this machine. */
function backendCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerSecond = 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ sample: Sample; result: T }> {
  const cpu0 = backendCpuMs();
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  const cpu1 = backendCpuMs();
  return { sample: { ms, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 }, result };
}

/** A transaction whose work is measured and then rolled back. */
async function rolledBack<T>(work: (tx: Queryable) => Promise<T>): Promise<{ sample: Sample; result: T }> {
  let outcome: { sample: Sample; result: T } | undefined;
  await db
    .transaction(async (tx) => {
      outcome = await timed(() => work(tx));
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return outcome!;
}

async function boundaryRings(code: string): Promise<Position[][]> {
  const { rows } = await db.query<{ ring: string }>(
    `SELECT ST_AsGeoJSON(ST_ExteriorRing((ST_Dump(boundary)).geom), 15) AS ring
     FROM municipalities WHERE code = $1`,
    [code],
  );
  if (rows.length === 0) throw new Error(`municipality ${code} is not loaded`);
  return rows.map((row) => (JSON.parse(row.ring) as { coordinates: Position[] }).coordinates);
}

const kaga = JMA_TSUNAMI_AREAS['392']!;
const scenarios: Scenario[] = [
  {
    name: '金沢市 17201 (boundary as a polygon)',
    set: { polygons: await boundaryRings('17201'), circles: [], municipalityCodes: [] },
    baselineCodes: ['17201'],
  },
  {
    name: '七尾市 17202 (boundary as polygons)',
    set: { polygons: await boundaryRings('17202'), circles: [], municipalityCodes: [] },
    baselineCodes: ['17202'],
  },
  {
    name: '5 km circle around Kanazawa station',
    set: { polygons: [], circles: [{ lat: 36.578, lon: 136.6483, radiusM: 5000 }], municipalityCodes: [] },
    baselineCodes: ['17201'],
  },
  {
    name: `tsunami area 392 ${kaga.name} (${kaga.municipalities.length} municipalities by geocode)`,
    set: { polygons: [], circles: [], municipalityCodes: kaga.municipalities },
    baselineCodes: kaga.municipalities,
  },
];

const baselineCount = (codes: string[]) =>
  db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM residents WHERE home_municipality_code = ANY ($1::text[])',
    [codes],
  );

/** The targeting step of sending: the set writeInboxEntries inserts from, counted. */
const sendSetCount = (set: AreaSet) =>
  db.transaction(async (tx) => {
    await tuneForTargeting(tx);
    const { rows } = await tx.query<{ n: number }>(
      `WITH RECURSIVE ${TARGET_CTES}, ${TARGETED_CTE} SELECT count(*)::int AS n FROM targeted`,
      targetParams(set),
    );
    return rows[0]!.n;
  });

async function insertBenchAlert(tx: Queryable): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO alerts (identifier, sender, sent, status, msg_type, scope, lineage_id, origin, document)
     SELECT 'targeting-bench-' || id, 'bench@hinan.invalid', now(), 'Exercise', 'Alert', 'Public', id,
            'composed', '{}'::jsonb
     FROM (SELECT gen_random_uuid() AS id) AS fresh RETURNING id`,
  );
  return rows[0]!.id;
}

function summary(samples: Sample[]) {
  const pick = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return { median: round(at(0.5)), p95: round(at(0.95)), min: round(sorted[0]!) };
  };
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== null);
  return { wall: pick(samples.map((s) => s.ms)), cpu: cpu.length === samples.length ? pick(cpu) : null };
}
const round = (n: number) => Math.round(n * 10) / 10;

const { rows: sizeRows } = await db.query<{ residents: number }>(
  'SELECT count(*)::int AS residents FROM residents',
);
const residents = sizeRows[0]!.residents;
if (residents < 1_000_000)
  console.warn(`only ${residents} residents: load 1.1M with npm run generate:residents first`);
const loadBefore = os.loadavg();

const results = [];
for (const scenario of scenarios) {
  console.log(`\n${scenario.name}`);
  // Warm-up: caches, and the named statements' plans (generic plans take over after 5 runs).
  for (let i = 0; i < 2; i += 1) {
    await baselineCount(scenario.baselineCodes);
    await countTargets(db, scenario.set);
    await sendSetCount(scenario.set);
  }
  const samples = { baseline: [] as Sample[], preview: [] as Sample[], sendSet: [] as Sample[] };
  let counts = { baseline: 0, preview: { total: 0, home: 0, shelter: 0, live: 0 }, sendSet: 0 };
  for (let i = 0; i < runs; i += 1) {
    const b = await timed(() => baselineCount(scenario.baselineCodes));
    const p = await timed(() => countTargets(db, scenario.set));
    const s = await timed(() => sendSetCount(scenario.set));
    samples.baseline.push(b.sample);
    samples.preview.push(p.sample);
    samples.sendSet.push(s.sample);
    counts = { baseline: b.result.rows[0]!.n, preview: p.result, sendSet: s.result };
  }
  if (counts.sendSet !== counts.preview.total)
    throw new Error(`send set ${counts.sendSet} != preview total ${counts.preview.total}`);

  const writes = {
    inbox: [] as Sample[],
    rowsAfterPush: [] as Sample[],
    bareInsert: [] as Sample[],
    rows: 0,
  };
  for (let i = 0; i < writeRuns; i += 1) {
    const inbox = await rolledBack(async (tx) => {
      await lockInboxWriters(tx);
      const alertId = await insertBenchAlert(tx);
      const t = await timed(() => writeInboxEntries(tx, alertId, alertId, scenario.set));
      // Taking the lock again writes the pending sets' rows, as the sender does after its push.
      const expanded = await timed(() => lockInboxWriters(tx));
      const { rows } = await tx.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM inbox_items WHERE alert_id = $1',
        [alertId],
      );
      return { sample: t.sample, rowsSample: expanded.sample, rows: rows[0]!.n };
    });
    const bare = await rolledBack(async (tx) => {
      const alertId = await insertBenchAlert(tx);
      // The same number of rows, straight from the residents table in storage order: the write
      // alone, with no targeting and no sort.
      return timed(() =>
        tx.query(
          `INSERT INTO inbox_items (resident_id, kind, alert_id, lineage_id, action)
           SELECT id, 'alert', $1, $1, 'alert' FROM residents LIMIT $2`,
          [alertId, inbox.result.rows],
        ),
      );
    });
    writes.inbox.push(inbox.result.sample);
    writes.rowsAfterPush.push(inbox.result.rowsSample);
    writes.bareInsert.push(bare.result.sample);
    writes.rows = inbox.result.rows;
  }
  // The rolled-back rows are dead tuples; clear them so the next scenario starts alike.
  if (writeRuns > 0) await db.query('VACUUM inbox_items');

  const result = {
    scenario: scenario.name,
    set: { ...scenario.set, polygons: scenario.set.polygons.map((ring) => `${ring.length} vertices`) },
    counts,
    baseline: summary(samples.baseline),
    preview: summary(samples.preview),
    sendSet: summary(samples.sendSet),
    ratioPreviewToBaseline: round(median(samples.preview) / median(samples.baseline)),
    inboxWrite:
      writeRuns > 0
        ? {
            rows: writes.rows,
            writeInboxEntries: summary(writes.inbox),
            rowsAfterPush: summary(writes.rowsAfterPush),
            bareInsert: summary(writes.bareInsert),
          }
        : null,
  };
  results.push(result);
  console.log(
    `  people ${counts.preview.total} (home ${counts.preview.home}, shelter ${counts.preview.shelter}, live ${counts.preview.live}); baseline count ${counts.baseline}`,
  );
  for (const key of ['baseline', 'preview', 'sendSet'] as const) {
    const s = result[key];
    console.log(
      `  ${key.padEnd(9)} wall median ${s.wall.median} ms, p95 ${s.wall.p95} ms` +
        (s.cpu ? `; cpu median ${s.cpu.median} ms, p95 ${s.cpu.p95} ms` : ''),
    );
  }
  console.log(`  preview / baseline (median wall) ${result.ratioPreviewToBaseline}`);
  if (result.inboxWrite) {
    const w = result.inboxWrite;
    console.log(
      `  inbox write of ${w.rows} rows: writeInboxEntries median ${w.writeInboxEntries.wall.median} ms` +
        ` (cpu ${w.writeInboxEntries.cpu?.median ?? '–'}), rows after the push median ${w.rowsAfterPush.wall.median} ms` +
        ` (cpu ${w.rowsAfterPush.cpu?.median ?? '–'}), bare INSERT … SELECT median ${w.bareInsert.wall.median} ms` +
        ` (cpu ${w.bareInsert.cpu?.median ?? '–'})`,
    );
  }
}

function median(samples: Sample[]): number {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const { date, commit } = provenance();
const report = {
  date,
  commit,
  residents,
  runs,
  writeRuns,
  machine: { ...describeMachine(databaseUrl), loadAverageBefore: loadBefore.map((n) => round(n)) },
  results,
};
await mkdir(values.out, { recursive: true });
const file = path.join(values.out, `targeting-${date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwritten ${file}`);
await db.close();
