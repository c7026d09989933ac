/**
 * The scale-out fan-out (docs/scaling.md): one warning to every connected resident, served by
 * `start:cluster` with 1 worker holding P sockets and with 2 workers holding P each (2P in all),
 * the inbox events crossing workers through the Redis adapter. A k6 process holds at most P
 * sockets (one file each, and a process may hold 20,000 files here), so the 2-worker run uses two
 * k6 processes side by side, each on its own share of residents; their summaries are merged.
 *
 * The bench issues the warning itself, at a moment fixed in advance and passed to every k6
 * process (ISSUE_AT_MS; all on this machine's one clock), so it can read Redis's counters just
 * before and after: CPU (from /proc/<redis-server pid>/stat), bytes in and out and commands, less
 * what Redis did in an idle window of the same length just before. Both windows last two periods
 * of the servers' own periodic Redis work (socket-slot lease renewal every SLOT_LEASE_MS / 3), so
 * each holds the same number of renewals and the difference is the fan-out's alone. A private
 * redis-server is started for it when installed, so nothing else is counted.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SLOT_LEASE_MS } from '../../server/src/realtime/connection-slots.js';
import { warningDocument } from '../k6/lib/warning.js';
import type { K6Fixtures } from './k6-fixtures.js';
import { mergeSummaries } from './k6-merge.js';
import { redisCost, startBenchRedis, type RedisCounters } from './k6-redis.js';
import { failedThresholds, metric, rssBytes, runK6, type K6Run } from './k6-runner.js';
import { openFiles, startClusterProcess } from './server-process.js';

export interface ScaleSettings {
  databaseUrl: string;
  secret: string;
  fixturesFile: string;
  work: string;
  redisUrl: string;
  socketsPerWorker: number;
  socketsPerVu: number;
  connectSeconds: number;
  workerCounts: number[];
}

export interface ScaleWorker {
  pid: number;
  /** Sockets it held at the warning: open files then − open files idle. */
  sockets: number;
  openFiles: number;
  /** Peak RSS during the run − RSS idle before it. */
  rssGrowthMb: number;
}

export interface ScaleResult {
  workers: number;
  sockets: number;
  k6Processes: number;
  redisPrivate: boolean;
  issueStatus: number;
  issueMs: number;
  pushed: number;
  summary: K6Run['summary'];
  thresholdsCrossed: string[];
  perWorker: ScaleWorker[];
  memoryPerSocketKb: number;
  k6: { peakRssMb: number; cpuSeconds: number; vus: number; sockets: number }[];
  redis: ReturnType<typeof redisCost>;
  seconds: number;
}

/** Length of the idle and the measured Redis windows: two lease-renewal periods. */
const WINDOW_SECONDS = (2 * SLOT_LEASE_MS) / 3 / 1000;
/** After the last connect: a second, then the idle window, then the warning. */
const SETTLE_SECONDS = WINDOW_SECONDS + 3;
/** Sockets stay open through the measured window. */
const RECEIVE_SECONDS = WINDOW_SECONDS + 4;
/** Time k6 takes to start before its VUs run (reading the fixtures, starting VUs). */
const K6_START_SECONDS = 15;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** Wall time of one configuration, for the bench's duration estimate. */
export const scaleRunSeconds = (connectSeconds: number) =>
  K6_START_SECONDS + connectSeconds + SETTLE_SECONDS + RECEIVE_SECONDS + 20;

/** Runs each configuration (1 worker, 2 workers …) in turn against a fresh cluster. */
export async function runScale(s: ScaleSettings): Promise<ScaleResult[]> {
  const fixtures = JSON.parse(readFileSync(s.fixturesFile, 'utf8')) as K6Fixtures;
  const redis = await startBenchRedis(s.redisUrl);
  const results: ScaleResult[] = [];
  try {
    for (const workers of s.workerCounts) results.push(await runOne(s, fixtures, redis, workers));
  } finally {
    await redis.stop();
  }
  return results;
}

async function runOne(
  s: ScaleSettings,
  fixtures: K6Fixtures,
  redis: Awaited<ReturnType<typeof startBenchRedis>>,
  workers: number,
): Promise<ScaleResult> {
  const sockets = workers * s.socketsPerWorker;
  const polygon = fixtures.fanoutPolygons[String(sockets)];
  if (!polygon) throw new Error(`fixtures have no polygon for ${sockets} residents`);
  console.log(`\n▶ scale-out: ${sockets} sockets on start:cluster --workers ${workers}`);
  const started = performance.now();
  const cluster = await startClusterProcess(
    {
      DATABASE_URL: s.databaseUrl,
      CARD_TOKEN_SECRET: s.secret,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `k6scale${randomBytes(4).toString('hex')}`,
      DATABASE_POOL_SIZE: '10',
    },
    workers,
  );
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const pids = cluster.workerPids();
    if (pids.length !== workers) throw new Error(`expected ${workers} workers, found ${pids.length}`);
    const idle = pids.map((pid) => ({ pid, files: openFiles(pid), rss: rssBytes(pid) }));
    const runId = `s${randomBytes(4).toString('hex')}`;
    const issueAtMs = Date.now() + (K6_START_SECONDS + s.connectSeconds + SETTLE_SECONDS) * 1000;
    const deadlineSeconds = scaleRunSeconds(s.connectSeconds) + 150;
    let perWorker: ScaleWorker[] = [];
    const peakRss = new Map(idle.map(({ pid, rss }) => [pid, rss]));
    const sampler = setInterval(() => {
      for (const { pid } of idle) peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, rssBytes(pid)));
    }, 500);
    let issue = { status: 0, ms: 0, pushed: 0 };
    const counters: RedisCounters[] = [];

    // The bench's side of the run: Redis before, the warning, Redis after.
    const orchestrate = async () => {
      await sleepUntil(issueAtMs - 1000 - WINDOW_SECONDS * 1000);
      counters.push(await redis.counters());
      await sleepUntil(issueAtMs - 1000);
      counters.push(await redis.counters());
      perWorker = idle.map(({ pid, files }) => ({
        pid,
        sockets: openFiles(pid) - files,
        openFiles: openFiles(pid),
        rssGrowthMb: 0,
      }));
      await sleepUntil(issueAtMs);
      const issuedAtMs = Date.now();
      const sent = performance.now();
      const response = await fetch(`${cluster.url}/api/alerts`, {
        method: 'POST',
        headers: {
          Cookie: `sid=${fixtures.hq.sid}`,
          'X-CSRF-Token': fixtures.hq.csrf,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(warningDocument({ runId, issuedAtMs, polygon })),
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await response.json().catch(() => ({}))) as { pushed?: number };
      issue = { status: response.status, ms: round(performance.now() - sent), pushed: body.pushed ?? 0 };
      console.log(`  warning issued: ${response.status}, ${issue.pushed} pushed, ${issue.ms} ms`);
      await sleepUntil(issueAtMs - 1000 + WINDOW_SECONDS * 1000);
      counters.push(await redis.counters());
    };

    const runs = await Promise.allSettled(
      Array.from({ length: workers }, (_, i) =>
        runK6(
          'alert-fanout.js',
          {
            BASE_URL: cluster.url,
            FIXTURES: s.fixturesFile,
            MODE: 'listen',
            RUN_ID: runId,
            SOCKETS: String(s.socketsPerWorker),
            FIRST: String(i * s.socketsPerWorker),
            POLYGON_FOR: String(sockets),
            SOCKETS_PER_VU: String(s.socketsPerVu),
            CONNECT_SECONDS: String(s.connectSeconds),
            ISSUE_AT_MS: String(issueAtMs),
            RECEIVE_SECONDS: String(RECEIVE_SECONDS),
            FINE_PERCENTILES: '1',
          },
          {
            summaryFile: path.join(s.work, `scale-${workers}-${i}.json`),
            deadlineSeconds,
            during: i === 0 ? orchestrate : undefined,
          },
        ),
      ),
    );
    clearInterval(sampler);
    for (const w of perWorker) {
      const before = idle.find((i) => i.pid === w.pid)!.rss;
      w.rssGrowthMb = round(((peakRss.get(w.pid) ?? before) - before) / 2 ** 20);
    }
    const failed = runs.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const done = runs.map((r) => (r as PromiseFulfilledResult<K6Run>).value);
    if (counters.length < 3) throw new Error('the Redis counters were not all read');
    const summary = mergeSummaries(done.map((r) => r.summary));
    const heldMb = perWorker.reduce((sum, w) => sum + w.rssGrowthMb, 0);
    return {
      workers,
      sockets,
      k6Processes: done.length,
      redisPrivate: redis.private,
      issueStatus: issue.status,
      issueMs: issue.ms,
      pushed: issue.pushed,
      summary,
      thresholdsCrossed: done.flatMap((r, i) => failedThresholds(r).map((t) => `k6 #${i + 1} ${t}`)),
      perWorker,
      memoryPerSocketKb: round((heldMb * 1024) / sockets),
      k6: done.map((r) => ({
        peakRssMb: round(r.k6PeakRssBytes / 2 ** 20),
        cpuSeconds: round(r.k6CpuSeconds, 2),
        vus: Math.ceil(s.socketsPerWorker / s.socketsPerVu),
        sockets: s.socketsPerWorker,
      })),
      redis: redisCost(
        { before: counters[0]!, after: counters[1]! },
        { before: counters[1]!, after: counters[2]! },
      ),
      seconds: round((performance.now() - started) / 1000),
    };
  } finally {
    await cluster.stop();
  }
}

/** Figures of one scale-out run, as the table row and the Redis-per-message line. */
export function scaleFigures(r: ScaleResult) {
  const run = { summary: r.summary } as K6Run;
  const received = metric(run, 'fanout_received', 'count');
  const lastMs = metric(run, 'fanout_latency', 'max');
  const messages = Math.max(1, r.pushed);
  return {
    received,
    deliveriesPerSecond: lastMs > 0 ? Math.round(received / (lastMs / 1000)) : 0,
    p50: round(metric(run, 'fanout_latency', 'med')),
    p95: round(metric(run, 'fanout_latency', 'p(95)')),
    p99: round(metric(run, 'fanout_latency', 'p(99)')),
    lastMs: round(lastMs),
    connectErrors: metric(run, 'socket_connect_errors', 'count'),
    connectTimeouts: metric(run, 'socket_connect_timeouts', 'count'),
    redisPerMessage: {
      cpuMicroseconds: round((r.redis.cpuSeconds * 1e6) / messages),
      bytesIn: Math.round(r.redis.inputBytes / messages),
      bytesOut: Math.round(r.redis.outputBytes / messages),
      commands: round(r.redis.commands / messages, 3),
      publishes: round(r.redis.publishes / messages, 2),
      /** The commands that made up most of it, with their calls over the whole fan-out. */
      top: Object.entries(r.redis.byCommand)
        .slice(0, 3)
        .map(([name, calls]) => `${name} ${calls.toLocaleString('en')}`)
        .join(', '),
    },
  };
}
