/**
 * Card-tap load bench: `npm run bench:checkin -- [options]` (see docs/benchmarks.md, "Card taps").
 *
 * Starts the real server as its own process on 127.0.0.1 and a free port over PostgreSQL
 * (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hinan_bench, created with PostGIS when
 * missing), connects one reader socket per bench shelter and taps at stepped target rates for a
 * fixed time each. Measures acknowledged taps/s and send→ack latency; a tap is acknowledged only
 * after its transaction commits. Then, in the same run, a bare baseline of single-row INSERTs (own
 * transaction each) at the server's pool size, and a statement profile of one tap.
 *
 * Options: --stages 250,500,1000,1500  --stage-seconds 20  --readers 50  --cards-per-reader 200
 *          --pool-size 20  --baseline-seconds 15  --profile-taps 300  --experiment-seconds 8
 *          --out docs/benchmarks  --municipality 99990 (bench-only code; another for a second bench at once)
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runInsertBaseline, type BaselineResult } from './lib/baseline.js';
import { ensureBenchDatabase, setupBenchData } from './lib/bench-db.js';
import { CpuMeter, type CpuShare } from './lib/cpu.js';
import { profileTaps } from './lib/profile-tap.js';
import { serviceThroughput, type ServiceRun } from './lib/service-throughput.js';
import { startServerProcess } from './lib/server-process.js';
import { TapLoad, type StageResult } from './lib/tap-load.js';
import { describeMachine } from './lib/machine.js';
import { provenance } from './lib/provenance.js';
import { intListOption, intOption } from './lib/cli-options.js';

const { values } = parseArgs({
  options: {
    stages: { type: 'string', default: '250,500,1000,1500' },
    'stage-seconds': { type: 'string', default: '20' },
    readers: { type: 'string', default: '50' },
    'cards-per-reader': { type: 'string', default: '200' },
    'pool-size': { type: 'string', default: '20' },
    'baseline-seconds': { type: 'string', default: '15' },
    'profile-taps': { type: 'string', default: '300' },
    'experiment-seconds': { type: 'string', default: '8' },
    out: { type: 'string', default: 'docs/benchmarks' },
    municipality: { type: 'string', default: '99990' },
  },
});

const stages = intListOption('stages', values.stages, 1, 20_000);
const stageSeconds = intOption('stage-seconds', values['stage-seconds'], 1, 600);
const readerCount = intOption('readers', values.readers, 1, 500);
const cardsPerReader = intOption('cards-per-reader', values['cards-per-reader'], 2, 10_000);
const poolSize = intOption('pool-size', values['pool-size'], 1, 200);
const baselineSeconds = intOption('baseline-seconds', values['baseline-seconds'], 1, 600);
const profileCount = intOption('profile-taps', values['profile-taps'], 0, 100_000);
const experimentSeconds = intOption('experiment-seconds', values['experiment-seconds'], 0, 600);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';

const secret = randomBytes(32).toString('base64url');
const db = await ensureBenchDatabase(databaseUrl);
console.log(`setting up ${readerCount} shelters/readers with ${cardsPerReader} cards each …`);
const benchReaders = await setupBenchData(db, {
  readers: readerCount,
  cardsPerReader,
  cardTokenSecret: secret,
  municipality: values.municipality,
});
const server = await startServerProcess({
  DATABASE_URL: databaseUrl,
  CARD_TOKEN_SECRET: secret,
  DATABASE_POOL_SIZE: String(poolSize),
});
console.log(`server pid ${server.pid} at ${server.url}`);

const results: (StageResult & { cpu: CpuShare })[] = [];
try {
  const load = await TapLoad.connect(server.url, benchReaders);
  try {
    await load.runStage(50, 3); // warm-up: JIT, pools, caches; not reported
    for (const rate of stages) {
      await load.settle();
      const cpu = new CpuMeter(server.pid);
      const stage = { ...(await load.runStage(rate, stageSeconds)), cpu: cpu.read() };
      results.push(stage);
      const l = stage.latencyMs;
      console.log(
        `target ${rate}/s: acked ${stage.ackedPerSecond}/s (${stage.acked}/${stage.sent}), errors ${stage.errors}, ` +
          `not sent ${stage.notSent}, p50 ${l.p50} ms p95 ${l.p95} ms p99 ${l.p99} ms max ${l.max} ms; ` +
          `cpu % server ${stage.cpu.serverPct} postgres ${stage.cpu.postgresPct} loadgen ${stage.cpu.loadGeneratorPct} other ${stage.cpu.otherPct} idle ${stage.cpu.idlePct}`,
      );
    }
  } finally {
    load.close();
  }
} finally {
  await server.stop();
}

console.log(`baseline: single-row INSERTs, ${poolSize} connections, ${baselineSeconds} s …`);
const baselineCpu = new CpuMeter(0);
const baseline: BaselineResult & { cpu: CpuShare } = {
  ...(await runInsertBaseline(databaseUrl, poolSize, baselineSeconds)),
  cpu: baselineCpu.read(),
};
console.log(
  `baseline: ${baseline.insertsPerSecond} inserts/s, p50 ${baseline.latencyMs.p50} ms p99 ${baseline.latencyMs.p99} ms`,
);
const profile = profileCount > 0 ? await profileTaps(db, secret, benchReaders[0]!, profileCount) : undefined;
if (profile)
  console.log(`profile: ${profile.statementsPerTap} statements/tap, ${profile.msPerTap} ms/tap sequential`);

// Where would time go with another pool size? The tap's database work
// in-process (no HTTP/Socket.IO), closed loop, same data.
const experiments: (ServiceRun & { cpu: CpuShare })[] = [];
if (experimentSeconds > 0) {
  const { rows } = await db.query<{ id: string; shelter_id: string }>(
    'SELECT id, shelter_id FROM readers WHERE shelter_id = ANY($1::uuid[])',
    [benchReaders.map((r) => r.shelterId)],
  );
  const readerIds = new Map(rows.map((r) => [r.shelter_id, r.id]));
  for (const size of [poolSize, 5, 10]) {
    const cpu = new CpuMeter(0);
    const run = await serviceThroughput({
      url: databaseUrl,
      secret,
      readers: benchReaders,
      readerIds,
      poolSize: size,
      workers: 2 * poolSize,
      seconds: experimentSeconds,
    });
    experiments.push({ ...run, cpu: cpu.read() });
    console.log(
      `in-process applyTap, pool ${size}: ${run.tapsPerSecond} taps/s, p50 ${run.latencyMs.p50} ms p99 ${run.latencyMs.p99} ms`,
    );
  }
}
await db.close();

const best = results.filter((r) => r.errors === 0 && r.ackedPerSecond >= 0.97 * r.targetPerSecond).at(-1);
const peakAcked = Math.max(0, ...results.map((r) => r.ackedPerSecond));
const ratios = {
  /** Highest acknowledged rate of any stage (sustained or not) ÷ baseline inserts/s. */
  peakAckedTapsVsInserts: Math.round((peakAcked / baseline.insertsPerSecond) * 1000) / 1000,
  sustainedTapsVsInserts: best
    ? Math.round((best.ackedPerSecond / baseline.insertsPerSecond) * 1000) / 1000
    : 0,
  p50AtBestVsBaseline: best ? Math.round((best.latencyMs.p50 / baseline.latencyMs.p50) * 10) / 10 : null,
  p99AtBestVsBaseline: best ? Math.round((best.latencyMs.p99 / baseline.latencyMs.p99) * 10) / 10 : null,
};
const { date, commit } = provenance();
const report = {
  date,
  commit,
  command: `npm run bench:checkin -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: describeMachine(databaseUrl),
  settings: {
    stages,
    stageSeconds,
    readers: readerCount,
    cardsPerReader,
    poolSize,
    baselineSeconds,
    databaseUrl,
  },
  stages: results,
  bestSustainedStage: best?.targetPerSecond ?? null,
  target: { tapsPerSecond: 1000, p99Ms: 50 },
  targetMet: results.some(
    (r) => r.targetPerSecond >= 1000 && r.errors === 0 && r.ackedPerSecond >= 970 && r.latencyMs.p99 < 50,
  ),
  baseline,
  ratios,
  profile,
  experiments,
};
await mkdir(values.out, { recursive: true });
const file = path.join(values.out, `checkin-${date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwrote ${file}`);
console.log(
  '\n| target taps/s | acked taps/s | p50 ms | p95 ms | p99 ms | errors | not sent | CPU % server / postgres / loadgen / other / idle |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  const l = r.latencyMs;
  const c = r.cpu;
  console.log(
    `| ${r.targetPerSecond} | ${r.ackedPerSecond} | ${l.p50} | ${l.p95} | ${l.p99} | ${r.errors} | ${r.notSent} | ` +
      `${c.serverPct} / ${c.postgresPct} / ${c.loadGeneratorPct} / ${c.otherPct} / ${c.idlePct} |`,
  );
}
console.log(
  `| baseline INSERT (${poolSize} conn) | ${baseline.insertsPerSecond} | ${baseline.latencyMs.p50} | ` +
    `${baseline.latencyMs.p95} | ${baseline.latencyMs.p99} | – | – | – |`,
);
console.log(`ratios: ${JSON.stringify(ratios)}`);
