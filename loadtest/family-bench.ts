/**
 * Family lookup bench: `npm run bench:family -- [options]` (see docs/benchmarks.md, "Family lookup").
 *
 * Starts the real server as its own process on 127.0.0.1 and a free port over PostgreSQL
 * (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hinan_bench, created with PostGIS when
 * missing) next to the 1.1M registered residents, with bench-only households, accounts, sessions,
 * designees and whereabouts. Drives `GET /api/me/family` (what the resident portal loads) open
 * loop over keep-alive connections at stepped target rates, each request as another signed-in
 * resident. Every answer is a read of other people's whereabouts, so each writes access-log
 * entries (one per person shown) in the read's transaction. Then, in the same run: a bare
 * node:http server answering the same JSON at the same rates, a bare `SELECT` by primary key
 * from the server's pool size at the same rates, a statement profile of one lookup, and a full
 * verification of the access log's chains.
 *
 * Options: --stages 250,500,750  --stage-seconds 20  --viewers 2000  --pool-size 20
 *          --baseline-seconds 10  --profile-lookups 300  --out docs/benchmarks  --remove
 *          --server-cpu-prof DIR (writes a V8 CPU profile of the server process into DIR)
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { verifyAccessLogChain } from '../server/src/modules/audit/chain-verify.js';
import { ensureBenchDatabase } from './lib/bench-db.js';
import { OwnCpu } from './lib/backend-cpu.js';
import { CpuMeter, type CpuShare } from './lib/cpu.js';
import { removeFamilyBenchData, setupFamilyBenchData, type FamilyViewer } from './lib/family-fixtures.js';
import { keepAliveGetter } from './lib/http-get.js';
import { runOpenLoop, type OpenLoopResult } from './lib/open-loop.js';
import { profileFamilyLookups } from './lib/profile-family.js';
import { startServerProcess } from './lib/server-process.js';
import { describeMachine } from './lib/machine.js';
import { provenance } from './lib/provenance.js';
import { intListOption, intOption } from './lib/cli-options.js';

const { values } = parseArgs({
  options: {
    stages: { type: 'string', default: '250,500,750' },
    'stage-seconds': { type: 'string', default: '20' },
    viewers: { type: 'string', default: '2000' },
    'pool-size': { type: 'string', default: '20' },
    'baseline-seconds': { type: 'string', default: '10' },
    'profile-lookups': { type: 'string', default: '300' },
    out: { type: 'string', default: 'docs/benchmarks' },
    remove: { type: 'boolean', default: false },
    'server-cpu-prof': { type: 'string' },
  },
});

const stages = intListOption('stages', values.stages, 1, 20_000);
const stageSeconds = intOption('stage-seconds', values['stage-seconds'], 1, 600);
const viewerCount = intOption('viewers', values.viewers, 10, 100_000);
const poolSize = intOption('pool-size', values['pool-size'], 1, 200);
const baselineSeconds = intOption('baseline-seconds', values['baseline-seconds'], 0, 600);
const profileCount = intOption('profile-lookups', values['profile-lookups'], 0, 100_000);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';
const SESSION_IDLE_MINUTES = 120;
/** application_name of each pool, to find its database backends (their CPU is the request's). */
const SERVER_APP = 'hinan-bench-family-server';
const SELECT_APP = 'hinan-bench-family-select';
const withApplicationName = (url: string, name: string) => {
  const named = new URL(url);
  named.searchParams.set('application_name', name);
  return named.toString();
};

const db = await ensureBenchDatabase(databaseUrl);
if (values.remove) {
  await removeFamilyBenchData(db);
  await db.close();
  console.log('removed the family bench data');
  process.exit(0);
}

const accessLogRows = async () =>
  Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM access_log')).rows[0]!.n);
const registered = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM residents')).rows[0]!.n);

console.log(`setting up ${viewerCount} signed-in residents with households, designees and whereabouts …`);
const fixtures = await setupFamilyBenchData(db, { viewers: viewerCount });
const viewers: FamilyViewer[] = fixtures.viewers;
console.log(
  `  ${fixtures.households} households, ${fixtures.residents} residents, ${fixtures.designations} designations, ` +
    `${fixtures.withWhereabouts} with whereabouts; ${registered} residents in the database`,
);

/** CPU milliseconds per answered request: the serving process, its database backends, both. */
interface CpuPerRequest {
  processMs: number;
  databaseMs: number;
  totalMs: number;
}
const perRequest = (used: { processMs: number; backendsMs: number }, requests: number): CpuPerRequest => {
  const round = (ms: number) => Math.round((ms / Math.max(1, requests)) * 100) / 100;
  return {
    processMs: round(used.processMs),
    databaseMs: round(used.backendsMs),
    totalMs: round(used.processMs + used.backendsMs),
  };
};
type Measured = OpenLoopResult & { cpu: CpuShare; cpuPerRequest: CpuPerRequest };
type Stage = Measured & { accessLogRowsPerRequest: number };
const cookieOf = (viewer: FamilyViewer) => `sid=${viewer.sessionId}`;

if (values['server-cpu-prof']) await mkdir(values['server-cpu-prof'], { recursive: true });
const server = await startServerProcess({
  DATABASE_URL: withApplicationName(databaseUrl, SERVER_APP),
  DATABASE_POOL_SIZE: String(poolSize),
  SESSION_IDLE_MINUTES: String(SESSION_IDLE_MINUTES),
  // Written when the server exits (it stops gracefully on SIGTERM at the end of the stages).
  ...(values['server-cpu-prof']
    ? {
        NODE_OPTIONS: `--import tsx --import ${path.join(import.meta.dirname, 'lib/cpu-profile-preload.ts')}`,
        CPU_PROFILE_DIR: path.resolve(values['server-cpu-prof']),
      }
    : {}),
});
console.log(`server pid ${server.pid} at ${server.url}`);

const results: Stage[] = [];
let sampleBody = '';
const shape = { responses: 0, members: 0, withWhereabouts: 0 };
try {
  const http = keepAliveGetter(server.url);
  try {
    // Warm-up (JIT, pools, caches; not reported); a sample of answers describes what is read.
    for (const viewer of viewers.slice(0, 200)) {
      const { status, body } = await http.get('/api/me/family', cookieOf(viewer));
      if (status !== 200) throw new Error(`warm-up: GET /api/me/family answered ${status}`);
      const parsed = JSON.parse(body) as { members: { whereabouts: unknown }[] };
      shape.responses++;
      shape.members += parsed.members.length;
      shape.withWhereabouts += parsed.members.filter((m) => m.whereabouts !== null).length;
      if (parsed.members.length >= 2 && !sampleBody) sampleBody = body;
    }
    await runOpenLoop(() => http.get('/api/me/family', cookieOf(viewers[0]!)).then((r) => r.status === 200), {
      perSecond: 100,
      seconds: 3,
    });
    let next = 0;
    const lookup = async () => {
      const viewer = viewers[next++ % viewers.length]!;
      const { status, body } = await http.get('/api/me/family', cookieOf(viewer));
      return status === 200 && body.startsWith('{"self":');
    };
    for (const rate of stages) {
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the previous stage drain
      const logBefore = await accessLogRows();
      const cpu = new CpuMeter(server.pid);
      const own = await OwnCpu.begin(db, SERVER_APP, [server.pid]);
      const run = await runOpenLoop(lookup, { perSecond: rate, seconds: stageSeconds });
      const stage: Stage = {
        ...run,
        cpu: cpu.read(),
        cpuPerRequest: perRequest(await own.read(), run.completed),
        accessLogRowsPerRequest:
          Math.round((((await accessLogRows()) - logBefore) / Math.max(1, run.completed)) * 100) / 100,
      };
      results.push(stage);
      const l = stage.latencyMs;
      console.log(
        `target ${rate}/s: ok ${stage.okPerSecond}/s (${stage.completed}/${stage.sent}), errors ${stage.errors}, ` +
          `not sent ${stage.notSent} ${JSON.stringify(stage.errorKinds)}, p50 ${l.p50} ms p95 ${l.p95} ms p99 ${l.p99} ms max ${l.max} ms; ` +
          `log rows/request ${stage.accessLogRowsPerRequest}; cpu ms/request ${JSON.stringify(stage.cpuPerRequest)}; cpu % server ${stage.cpu.serverPct} ` +
          `postgres ${stage.cpu.postgresPct} loadgen ${stage.cpu.loadGeneratorPct} other ${stage.cpu.otherPct} idle ${stage.cpu.idlePct}`,
      );
    }
  } finally {
    http.close();
  }
} finally {
  await server.stop();
}

/** The same JSON from a bare node:http process at the same rates: HTTP + load generator floor. */
async function bareHttpBaseline(): Promise<Measured[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'lib/bare-json-server.ts')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child.stdin.end(sampleBody);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  const http = keepAliveGetter(`http://127.0.0.1:${port}`);
  const runs: Measured[] = [];
  try {
    let next = 0;
    const get = async () =>
      (await http.get('/api/me/family', cookieOf(viewers[next++ % viewers.length]!))).status === 200;
    await runOpenLoop(get, { perSecond: 100, seconds: 2 });
    for (const rate of stages) {
      const cpu = new CpuMeter(child.pid!);
      const own = await OwnCpu.begin(db, SERVER_APP, [child.pid!]);
      const run = await runOpenLoop(get, { perSecond: rate, seconds: baselineSeconds });
      runs.push({ ...run, cpu: cpu.read(), cpuPerRequest: perRequest(await own.read(), run.completed) });
    }
  } finally {
    http.close();
    child.kill('SIGTERM');
  }
  return runs;
}

/** A bare primary-key SELECT of a bench resident from `poolSize` connections at the same rates. */
async function selectBaseline(): Promise<Measured[]> {
  const pool = new pg.Pool({ connectionString: withApplicationName(databaseUrl, SELECT_APP), max: poolSize });
  const runs: Measured[] = [];
  try {
    let next = 0;
    const select = async () => {
      const { rows } = await pool.query({
        name: 'bench_select_by_id',
        text: 'SELECT id, family_name, given_name, birth_date FROM residents WHERE id = $1',
        values: [viewers[next++ % viewers.length]!.residentId],
      });
      return rows.length === 1;
    };
    await runOpenLoop(select, { perSecond: 100, seconds: 2 });
    for (const rate of stages) {
      const cpu = new CpuMeter(0);
      const own = await OwnCpu.begin(db, SELECT_APP, []);
      const run = await runOpenLoop(select, { perSecond: rate, seconds: baselineSeconds });
      runs.push({ ...run, cpu: cpu.read(), cpuPerRequest: perRequest(await own.read(), run.completed) });
    }
  } finally {
    await pool.end();
  }
  return runs;
}

const bareHttp = baselineSeconds > 0 && sampleBody ? await bareHttpBaseline() : [];
const bareSelect = baselineSeconds > 0 ? await selectBaseline() : [];
for (const [name, runs] of [
  ['bare HTTP (same JSON)', bareHttp],
  ['bare SELECT by id', bareSelect],
] as const) {
  for (const r of runs)
    console.log(
      `${name} at ${r.targetPerSecond}/s: ok ${r.okPerSecond}/s, p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms, errors ${r.errors}, ` +
        `cpu ms/request ${JSON.stringify(r.cpuPerRequest)}`,
    );
}

const profile =
  profileCount > 0 ? await profileFamilyLookups(db, viewers, profileCount, SESSION_IDLE_MINUTES) : undefined;
if (profile)
  console.log(
    `profile: ${profile.statementsPerLookup} statements/lookup, ${profile.msPerLookup} ms/lookup sequential`,
  );

// The chains must still verify after thousands of concurrent writers.
const verification = await db.transaction(async (tx) => {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  return verifyAccessLogChain(tx);
});
console.log(
  `access log: ok ${verification.ok}, ${verification.entries} entries in ${verification.subjects} chains`,
);
await db.close();

const atRate = <T extends OpenLoopResult>(runs: T[], rate: number) =>
  runs.find((r) => r.targetPerSecond === rate);
const ratios = Object.fromEntries(
  stages.map((rate) => {
    const family = atRate(results, rate);
    const http = atRate(bareHttp, rate);
    const sql = atRate(bareSelect, rate);
    const ratio = (a: number | undefined, b: number | undefined) =>
      a !== undefined && b ? Math.round((a / b) * 10) / 10 : null;
    return [
      rate,
      {
        p99VsBareHttp: ratio(family?.latencyMs.p99, http?.latencyMs.p99),
        p99VsBareSelect: ratio(family?.latencyMs.p99, sql?.latencyMs.p99),
        p50VsBareHttp: ratio(family?.latencyMs.p50, http?.latencyMs.p50),
        cpuVsBareHttp: ratio(family?.cpuPerRequest.totalMs, http?.cpuPerRequest.totalMs),
      },
    ];
  }),
);
const { date, commit } = provenance();
const report = {
  date,
  commit,
  command: `npm run bench:family -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: describeMachine(databaseUrl),
  settings: { stages, stageSeconds, viewers: viewerCount, poolSize, baselineSeconds, databaseUrl },
  data: {
    registeredResidents: registered,
    benchHouseholds: fixtures.households,
    benchResidents: fixtures.residents,
    designations: fixtures.designations,
    withWhereabouts: fixtures.withWhereabouts,
    sampledAnswers: shape.responses,
    membersPerAnswer: Math.round((shape.members / Math.max(1, shape.responses)) * 100) / 100,
    membersWithWhereaboutsPerAnswer:
      Math.round((shape.withWhereabouts / Math.max(1, shape.responses)) * 100) / 100,
    sampleBodyBytes: Buffer.byteLength(sampleBody),
  },
  stages: results,
  target: { requestsPerSecond: 500, p99Ms: 20 },
  targetMet: results.some(
    (r) => r.targetPerSecond >= 500 && r.errors === 0 && r.okPerSecond >= 485 && r.latencyMs.p99 < 20,
  ),
  baselines: { bareHttp, bareSelect },
  ratios,
  profile,
  accessLog: {
    ok: verification.ok,
    entries: verification.entries,
    chains: verification.subjects,
    broken: verification.broken,
  },
};
await mkdir(values.out, { recursive: true });
const file = path.join(values.out, `family-${date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwrote ${file}`);
console.log(
  '\n| target req/s | ok req/s | p50 ms | p95 ms | p99 ms | errors | not sent | log rows/req | CPU ms/req process + database | CPU % server / postgres / loadgen / other / idle |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  const l = r.latencyMs;
  const c = r.cpu;
  console.log(
    `| ${r.targetPerSecond} | ${r.okPerSecond} | ${l.p50} | ${l.p95} | ${l.p99} | ${r.errors} | ${r.notSent} | ${r.accessLogRowsPerRequest} | ` +
      `${r.cpuPerRequest.processMs} + ${r.cpuPerRequest.databaseMs} | ` +
      `${c.serverPct} / ${c.postgresPct} / ${c.loadGeneratorPct} / ${c.otherPct} / ${c.idlePct} |`,
  );
}
for (const [name, runs] of [
  ['bare HTTP', bareHttp],
  [`bare SELECT (${poolSize} conn)`, bareSelect],
] as const) {
  for (const r of runs) {
    const l = r.latencyMs;
    console.log(
      `| ${name} ${r.targetPerSecond} | ${r.okPerSecond} | ${l.p50} | ${l.p95} | ${l.p99} | ${r.errors} | ${r.notSent} | – | ` +
        `${r.cpuPerRequest.processMs} + ${r.cpuPerRequest.databaseMs} | ` +
        `${r.cpu.serverPct} / ${r.cpu.postgresPct} / ${r.cpu.loadGeneratorPct} / ${r.cpu.otherPct} / ${r.cpu.idlePct} |`,
    );
  }
}
console.log(`ratios: ${JSON.stringify(ratios)}`);
