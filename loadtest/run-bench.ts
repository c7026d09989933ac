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
 * Options (defaults): --scenarios fanout,reconnect,checkin,family,mixed
 *   --fanout-sizes 1000,5000,10000  --reconnect-sockets 5000  --sockets-per-vu 200
 *   --checkin-rates 250,500,1000 --checkin-stage-seconds 20 --readers 50
 *   --family-rate 500 --family-seconds 30  --mixed-sockets 2000 --mixed-seconds 90
 *   --out docs/benchmarks  --report docs/benchmarks.md
 *   --skip-registry   do not generate the 1.1M residents into an empty database (quick trials)
 */
import { execSync, spawnSync } from 'node:child_process';
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
import { runScenarios, type BenchContext } from './lib/k6-scenarios.js';

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'fanout,reconnect,checkin,family,mixed' },
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
    'skip-registry': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/benchmarks' },
    report: { type: 'string', default: 'docs/benchmarks.md' },
  },
});

const int = (name: string, value: string | undefined, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
};
const list = (name: string, value: string | undefined, min: number, max: number) =>
  (value ?? '').split(',').map((s) => int(name, s, min, max));

const scenarios = new Set((values.scenarios ?? '').split(','));
for (const s of scenarios)
  if (!['fanout', 'reconnect', 'checkin', 'family', 'mixed'].includes(s))
    throw new Error(`unknown scenario ${s}`);
const fanoutSizes = list('fanout-sizes', values['fanout-sizes'], 4, 20_000).map((n) => Math.ceil(n / 4) * 4);
const reconnectSockets = Math.ceil(int('reconnect-sockets', values['reconnect-sockets'], 4, 20_000) / 4) * 4;
const mixedSockets = Math.ceil(int('mixed-sockets', values['mixed-sockets'], 4, 20_000) / 4) * 4;
const settings = {
  fanoutSizes,
  reconnectSockets,
  socketsPerVu: int('sockets-per-vu', values['sockets-per-vu'], 1, 2_000),
  checkinRates: list('checkin-rates', values['checkin-rates'], 1, 20_000),
  checkinStageSeconds: int('checkin-stage-seconds', values['checkin-stage-seconds'], 1, 600),
  readers: int('readers', values.readers, 1, 500),
  familyRate: int('family-rate', values['family-rate'], 1, 20_000),
  familySeconds: int('family-seconds', values['family-seconds'], 1, 600),
  mixedSockets,
  mixedSeconds: int('mixed-seconds', values['mixed-seconds'], 10, 3_600),
};
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';

const version = k6Version();
if (!version) {
  console.error(
    'k6 is not on PATH. Install it (docs/loadtest.md: official packages, release binary or source), then run again.',
  );
  process.exit(2);
}
const biggest = Math.max(
  ...(scenarios.has('fanout') ? fanoutSizes : [0]),
  scenarios.has('reconnect') ? reconnectSockets : 0,
  scenarios.has('mixed') ? mixedSockets : 0,
  scenarios.has('family') ? 200 : 0,
);
const needFiles = biggest + 2_000;
if (openFileLimit() < needFiles) {
  console.error(
    `The open-file limit is ${openFileLimit()}; ${needFiles} are needed for ${biggest} sockets (k6 and the server ` +
      `each hold one per socket). Raise it first, e.g. \`ulimit -n 20000\`, or run smaller sizes.`,
  );
  process.exit(2);
}

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
const residentCount = Math.max(biggest, 400);
console.log(`fixtures: ${residentCount} bench residents with sessions, ${settings.readers} readers …`);
const fixtures = await setupK6Fixtures(db, {
  residents: residentCount,
  fanoutSizes: [...new Set([...fanoutSizes, reconnectSockets, mixedSockets])],
  readers: settings.readers,
  cardsPerReader: 100,
  cardTokenSecret: secret,
});
// Session ids and device keys: a private temporary file, never under docs/.
const work = await mkdtemp(path.join(os.tmpdir(), 'hinan-k6-'));
const fixturesFile = path.join(work, 'fixtures.json');
await writeFile(fixturesFile, JSON.stringify(fixtures));
await chmod(fixturesFile, 0o600);

const ctx: BenchContext = { databaseUrl, secret, fixturesFile, work, settings, scenarios };
const results = await runScenarios(ctx);

let insertBaseline;
if (scenarios.has('checkin') || scenarios.has('mixed')) {
  console.log('baseline: single-row INSERTs, 20 connections, 15 s …');
  insertBaseline = await runInsertBaseline(databaseUrl, 20, 15);
}
await db.close();

const date = new Date().toISOString();
let postgres = 'unknown';
try {
  postgres = execSync(`psql "${databaseUrl}" -Atc "SHOW server_version"`, { encoding: 'utf8' }).trim();
} catch {
  // psql missing: leave unknown
}
const machine = {
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  k6: version,
  postgres,
  loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
  openFileLimit: openFileLimit(),
};
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const raw = { date, command, machine, settings, results: results.raw, insertBaseline };
await mkdir(values.out, { recursive: true });
const rawFile = path.join(values.out, `k6-${date.slice(0, 19).replace(/:/g, '')}.json`);
await writeFile(rawFile, `${JSON.stringify(raw, null, 2)}\n`);

const rows = results.rows(insertBaseline);
const section = renderSection({
  date,
  machine:
    `${machine.nproc} vCPU (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${postgres}, ` +
    `${version}; load average at the end ${machine.loadAverageAtEnd.join(' / ')}`,
  command,
  rawFile: path.relative(path.dirname(values.report), rawFile),
  rows,
  loadGenerator: results.loadGenerator,
  notes: results.notes,
});
await writeSection(values.report, section);
console.log(`\nwrote ${rawFile} and the k6 section of ${values.report}\n`);
console.log(section);
