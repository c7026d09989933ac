/**
 * k6 load tests and their baselines, in one run: `npm run bench -- [options]` (docs/loadtest.md).
 *
 * Against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hinan_bench; the
 * 1.1M synthetic residents are generated when the database has none), writes bench-only fixtures,
 * starts the real server as its own process on 127.0.0.1, runs each k6 script in loadtest/k6/, and
 * in the same run the baselines: a bare Socket.IO server broadcasting the same payload to the same
 * number of sockets (same k6 client), a bare HTTP endpoint at the family-lookup rate, and
 * single-row INSERTs into the same PostgreSQL. Writes raw JSON to docs/benchmarks/ and the
 * generated block of docs/benchmarks.md.
 *
 * The scale-out scenario (`scale`) runs `start:cluster` with 1 worker × P sockets and 2 workers × P
 * (two k6 processes side by side, P each) over a private redis-server, and writes its figures to
 * the generated block of docs/scaling.md too. Each scenario is isolated: one that fails is reported
 * as failed and the others still run; every server and k6 process is stopped whatever happens.
 *
 * Options (defaults): --scenarios checkin,family,fanout,reconnect,mixed,scale
 *   --fanout-sizes 1000,5000,10000  --reconnect-sockets 5000  --sockets-per-vu 200
 *   --scale-sockets-per-worker 10000 (at most 10,000: one file per socket in each k6 process)
 *   --checkin-rates 250,500,1000 --checkin-stage-seconds 20 --readers 50
 *   --family-rate 500 --family-seconds 30  --mixed-sockets 2000 --mixed-seconds 90
 *   --out docs/benchmarks  --report docs/benchmarks.md  --scaling-report docs/scaling.md
 *   --skip-registry   do not generate the 1.1M residents into an empty database (quick trials)
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runInsertBaseline } from './lib/baseline.js';
import { ensureBenchDatabase } from './lib/bench-db.js';
import { setupK6Fixtures } from './lib/k6-fixtures.js';
import { k6Version, openFileLimit } from './lib/k6-runner.js';
import { renderSection, writeSection } from './lib/k6-report.js';
import { renderScaleSection, SCALE_BEGIN, SCALE_END } from './lib/k6-scale-report.js';
import { expectedSeconds, runScenarios, type BenchContext } from './lib/k6-scenarios.js';
import { postgresVersion } from './lib/machine.js';
import { provenance } from './lib/provenance.js';
import { killTrackedChildren } from './lib/server-process.js';
import { intListOption, intOption } from './lib/cli-options.js';

const ALL_SCENARIOS = ['checkin', 'family', 'fanout', 'reconnect', 'mixed', 'scale'];

// Whatever ends the bench, no server, redis-server or k6 it started is left running.
process.on('exit', killTrackedChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping every server and k6 process started by the bench`);
    killTrackedChildren();
    process.exit(130);
  });
}

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: ALL_SCENARIOS.join(',') },
    'fanout-sizes': { type: 'string', default: '1000,5000,10000' },
    'reconnect-sockets': { type: 'string', default: '5000' },
    'sockets-per-vu': { type: 'string', default: '200' },
    'checkin-rates': { type: 'string', default: '250,500,1000' },
    'checkin-stage-seconds': { type: 'string', default: '20' },
    readers: { type: 'string', default: '50' },
    'family-rate': { type: 'string', default: '500' },
    'family-seconds': { type: 'string', default: '30' },
    'mixed-sockets': { type: 'string', default: '2000' },
    'mixed-seconds': { type: 'string', default: '90' },
    'scale-sockets-per-worker': { type: 'string', default: '10000' },
    'skip-registry': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/benchmarks' },
    report: { type: 'string', default: 'docs/benchmarks.md' },
    'scaling-report': { type: 'string', default: 'docs/scaling.md' },
  },
});

const scenarios = new Set((values.scenarios ?? '').split(','));
for (const s of scenarios) if (!ALL_SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}`);
const fanoutSizes = intListOption('fanout-sizes', values['fanout-sizes'], 4, 20_000).map(
  (n) => Math.ceil(n / 4) * 4,
);
const reconnectSockets =
  Math.ceil(intOption('reconnect-sockets', values['reconnect-sockets'], 4, 20_000) / 4) * 4;
const mixedSockets = Math.ceil(intOption('mixed-sockets', values['mixed-sockets'], 4, 20_000) / 4) * 4;
const scaleSocketsPerWorker =
  Math.ceil(intOption('scale-sockets-per-worker', values['scale-sockets-per-worker'], 4, 10_000) / 4) * 4;
const settings = {
  fanoutSizes,
  reconnectSockets,
  socketsPerVu: intOption('sockets-per-vu', values['sockets-per-vu'], 1, 2_000),
  checkinRates: intListOption('checkin-rates', values['checkin-rates'], 1, 20_000),
  checkinStageSeconds: intOption('checkin-stage-seconds', values['checkin-stage-seconds'], 1, 600),
  readers: intOption('readers', values.readers, 1, 500),
  familyRate: intOption('family-rate', values['family-rate'], 1, 20_000),
  familySeconds: intOption('family-seconds', values['family-seconds'], 1, 600),
  mixedSockets,
  mixedSeconds: intOption('mixed-seconds', values['mixed-seconds'], 10, 3_600),
  scaleSocketsPerWorker,
};
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';

const version = k6Version();
if (!version) {
  console.error(
    'k6 is not on PATH. Install it (docs/loadtest.md: official packages, release binary or source), then run again.',
  );
  process.exit(2);
}
// The most sockets one process holds (each k6 process and each server process one file per socket).
const biggest = Math.max(
  ...(scenarios.has('fanout') ? fanoutSizes : [0]),
  scenarios.has('reconnect') ? reconnectSockets : 0,
  scenarios.has('mixed') ? mixedSockets : 0,
  scenarios.has('family') ? 200 : 0,
  scenarios.has('scale') ? scaleSocketsPerWorker : 0,
);
const needFiles = biggest + 2_000;
if (openFileLimit() < needFiles) {
  console.error(
    `The open-file limit is ${openFileLimit()}; ${needFiles} are needed for ${biggest} sockets in one process (k6 ` +
      `and the server each hold one per socket). Raise it first, e.g. \`ulimit -n 20000\`, or run smaller sizes.`,
  );
  process.exit(2);
}
const estimate = [...scenarios].reduce((sum, s) => sum + expectedSeconds(s, settings), 0);
console.log(
  `scenarios ${[...scenarios].join(', ')}: about ${Math.ceil(estimate / 60)} min of runs ` +
    `(${[...scenarios].map((s) => `${s} ${Math.ceil(expectedSeconds(s, settings) / 60)}`).join(', ')} min), ` +
    'plus fixtures and the INSERT baseline',
);

const db = await ensureBenchDatabase(databaseUrl);
const { rows: registered } = await db.query<{ n: number }>(
  "SELECT count(*)::int AS n FROM residents WHERE home_municipality_code NOT LIKE '9999%'",
);
if (registered[0]!.n === 0 && !values['skip-registry']) {
  console.log('no residents: importing municipalities and generating 1.1M synthetic residents …');
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  for (const args of [
    ['run', 'import:municipalities'],
    ['run', 'generate:residents', '--', '--residents', '1100000'],
  ]) {
    const result = spawnSync('npm', args, { env, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
  }
}

const secret = randomBytes(32).toString('base64url');
const scaleSizes = scenarios.has('scale') ? [scaleSocketsPerWorker, 2 * scaleSocketsPerWorker] : [];
const residentCount = Math.max(biggest, ...scaleSizes, 400);
console.log(`fixtures: ${residentCount} bench residents with sessions, ${settings.readers} readers …`);
const fixtures = await setupK6Fixtures(db, {
  residents: residentCount,
  fanoutSizes: [...new Set([...fanoutSizes, reconnectSockets, mixedSockets, ...scaleSizes])],
  readers: settings.readers,
  cardsPerReader: 100,
  cardTokenSecret: secret,
});
// Session ids and device keys: a private temporary file, never under docs/.
const work = await mkdtemp(path.join(os.tmpdir(), 'hinan-k6-'));
const fixturesFile = path.join(work, 'fixtures.json');
await writeFile(fixturesFile, JSON.stringify(fixtures));
await chmod(fixturesFile, 0o600);

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ctx: BenchContext = { databaseUrl, secret, fixturesFile, work, redisUrl, settings, scenarios };
const results = await runScenarios(ctx);

let insertBaseline;
if (scenarios.has('checkin') || scenarios.has('mixed')) {
  console.log('baseline: single-row INSERTs, 20 connections, 15 s …');
  insertBaseline = await runInsertBaseline(databaseUrl, 20, 15);
}
await db.close();

const run = provenance();
const date = run.date;
const postgres = postgresVersion(databaseUrl);
const machine = {
  ...run.machine,
  k6: version,
  postgres,
  loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
  openFileLimit: openFileLimit(),
};
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const raw = {
  date,
  commit: run.commit,
  command,
  machine,
  settings,
  results: results.raw,
  scale: results.scale,
  failures: results.failures,
  insertBaseline,
};
await mkdir(values.out, { recursive: true });
const rawFile = path.join(values.out, `k6-${date.slice(0, 19).replace(/:/g, '')}.json`);
await writeFile(rawFile, `${JSON.stringify(raw, null, 2)}\n`);

const rows = results.rows(insertBaseline);
const machineText =
  `${machine.cores} vCPU (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${postgres}, ` +
  `${version}; load average at the end ${machine.loadAverageAtEnd.join(' / ')}`;
const section = renderSection({
  date,
  machine: machineText,
  command,
  rawFile: path.relative(path.dirname(values.report), rawFile),
  rows,
  loadGenerator: results.loadGenerator,
  notes: results.notes,
});
await writeSection(values.report, section);
console.log(`\nwrote ${rawFile} and the k6 section of ${values.report}\n`);
console.log(section);
if (results.scale.length > 0) {
  const scaling = renderScaleSection({
    date,
    machine: machineText,
    command,
    rawFile: path.relative(path.dirname(values['scaling-report']), rawFile),
    results: results.scale,
  });
  await writeSection(values['scaling-report'], scaling, { begin: SCALE_BEGIN, end: SCALE_END });
  console.log(`\nwrote the scale-out section of ${values['scaling-report']}\n`);
  console.log(scaling);
}
if (results.failures.length > 0) {
  console.error(
    `${results.failures.length} scenario(s) failed: ${results.failures.map((f) => f.scenario).join(', ')}`,
  );
  process.exitCode = 1;
}
// Done: end now rather than wait on any client a failed scenario may have left open.
process.exit();
