/**
 * Scale-out fan-out bench: one warning to N connected residents, served by `start:cluster` with
 * 1 worker and with 2 workers (twice the sockets), the inbox events crossing workers through
 * Redis; plus the bare Socket.IO broadcast baseline in the same run. The sockets are Socket.IO
 * clients (socket.io-client, WebSocket) in this process, so the client shares the machine's
 * cores with the server — the same for the baseline, which is why the ratio is what to read.
 * Reports issue → receipt latency on every socket, deliveries per second, and what Redis carried
 * (PUBLISH calls and bytes from INFO: use a Redis of your own so nothing else is counted). The
 * results, with the date, commit and machine, go to docs/benchmarks/fanout-<time>.json.
 *
 * Run: DATABASE_URL=postgres://…/hinan_test_… REDIS_URL=redis://127.0.0.1:6391 \
 *      npx tsx loadtest/scale-fanout.ts [sockets-per-worker] [runs]
 * `runs` is a comma-separated list of `bare,single,single-receipts,cluster1,cluster2` (default
 * `bare,cluster1,cluster2`; a name may repeat, to alternate with the baseline); `single` is
 * `server/src/main.ts` without Redis (the in-memory adapter; no connection-state recovery). In
 * `single-receipts` every socket also acknowledges the warning with `inbox:delivered` as the
 * portal does, and the run reports when the last acknowledgement came back; the client process
 * then does twice the work per socket, so compare its delivery times with care.
 * (an open-file limit above twice the sockets per worker, times two for the server side.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { openPostgres } from '../server/src/db/postgres.js';
import { io as connect, type Socket } from 'socket.io-client';
import { baselinePayload, warningDocument } from './k6/lib/warning.js';
import { setupK6Fixtures } from './lib/k6-fixtures.js';
import { provenance } from './lib/provenance.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
if (!databaseUrl) throw new Error('set DATABASE_URL (PostgreSQL + PostGIS, a database of your own)');
const perWorker = Number(process.argv[2] ?? 9500);
const RUN_NAMES = ['bare', 'single', 'single-receipts', 'cluster1', 'cluster2'] as const;
type RunName = (typeof RUN_NAMES)[number];
const selected = (process.argv[3] ?? 'bare,cluster1,cluster2').split(',');
for (const name of selected) {
  if (!RUN_NAMES.includes(name as RunName))
    throw new Error(`unknown run ${name}: use ${RUN_NAMES.join(',')}`);
}
const cardTokenSecret = randomBytes(32).toString('hex');

function startProcess(
  args: string[],
  env: Record<string, string>,
  readyLines: number,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    // An empty value removes the variable (REDIS_URL: '' runs without Redis).
    env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== '')),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server's own account of a send (phase durations), shown with the results.
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (/"warning issued"|"route":"\/api\/alerts"|"level":50/.test(line)) {
        process.stdout.write(`  server: ${line}\n`);
      }
    }
  });
  return new Promise((resolve, reject) => {
    let seen = 0;
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      seen = text.split('is running at').length - 1;
      if (seen >= readyLines || (readyLines === 0 && text.length > 0)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}\n${text}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function redisCounters(redis: Redis) {
  const info = `${await redis.info('commandstats')}\n${await redis.info('stats')}`;
  const field = (pattern: RegExp) => Number(pattern.exec(info)?.[1] ?? 0);
  return {
    publishCalls: field(/cmdstat_publish:calls=(\d+)/),
    inputBytes: field(/total_net_input_bytes:(\d+)/),
    outputBytes: field(/total_net_output_bytes:(\d+)/),
  };
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-scale-bench-'));
const db = openPostgres({ connectionString: databaseUrl, maxConnections: 4 });
const residentsNeeded = selected.includes('cluster2') ? perWorker * 2 : perWorker;
const fixtures = await setupK6Fixtures(db, {
  residents: residentsNeeded,
  fanoutSizes: [...new Set([perWorker, residentsNeeded])],
  readers: 0,
  cardsPerReader: 0,
  cardTokenSecret,
});
await db.close();
const fixturesFile = path.join(workDir, 'fixtures.json');
await writeFile(fixturesFile, JSON.stringify(fixtures));
const redis = new Redis(redisUrl);

interface Fanout {
  received: number;
  latencies: number[];
  /** Milliseconds from issue to the last `inbox:delivered` acknowledgement (null: baseline). */
  lastReceiptMs: number | null;
  receiptErrors: number;
}

/** Opens `sessions.length` resident sockets (in batches, so the server is not flooded with handshakes). */
async function openSockets(
  url: string,
  sessions: { sid: string }[],
): Promise<{ sockets: Socket[]; errors: number }> {
  const sockets: Socket[] = [];
  let errors = 0;
  for (let i = 0; i < sessions.length; i += 200) {
    await Promise.all(
      sessions.slice(i, i + 200).map(
        (session) =>
          new Promise<void>((resolve) => {
            const socket = connect(url, {
              transports: ['websocket'],
              forceNew: true,
              reconnection: false,
              extraHeaders: { cookie: `sid=${session.sid}` },
            });
            socket.once('connect', () => {
              sockets.push(socket);
              resolve();
            });
            socket.once('connect_error', () => {
              errors += 1;
              resolve();
            });
          }),
      ),
    );
  }
  return { sockets, errors };
}

/** Sends one warning (or the baseline broadcast) and times its arrival on every socket. */
async function fanOut(
  url: string,
  sockets: Socket[],
  baseline: boolean,
  receipts: boolean,
  polygon: string,
  label = 'measured',
): Promise<Fanout> {
  const latencies: number[] = [];
  let sentAt = 0;
  let acknowledged = 0;
  let receiptErrors = 0;
  let lastReceiptMs: number | null = null;
  const all = new Promise<void>((resolve) => {
    let settled = 0;
    const settle = () => {
      settled += 1;
      if (settled === sockets.length) resolve();
    };
    for (const socket of sockets) {
      socket.once('inbox:new', (event: { alertId?: string }) => {
        latencies.push(performance.now() - sentAt);
        if (!receipts) {
          settle();
          return;
        }
        // What the portal does on a push: acknowledge delivery of the warning.
        socket
          .timeout(30_000)
          .emitWithAck('inbox:delivered', { alertId: event.alertId })
          .then(
            (ack: { ok?: true }) => {
              if (ack.ok) acknowledged += 1;
              else receiptErrors += 1;
            },
            () => (receiptErrors += 1),
          )
          .finally(() => {
            lastReceiptMs = performance.now() - sentAt;
            settle();
          });
      });
    }
  });
  const issuedAtMs = Date.now();
  sentAt = performance.now();
  const response = baseline
    ? await fetch(`${url}/broadcast`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(baselinePayload(runId, issuedAtMs)),
      })
    : await fetch(`${url}/api/alerts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `sid=${fixtures.hq.sid}`,
          'x-csrf-token': fixtures.hq.csrf,
        },
        body: JSON.stringify(
          warningDocument({ runId, issuedAtMs, polygon, sequence: label === 'warm' ? 1 : 0 }),
        ),
      });
  if (!response.ok) throw new Error(`issuing failed: ${response.status} ${await response.text()}`);
  const respondedMs = performance.now() - sentAt;
  const answer = baseline ? ` ${await response.text()}` : '';
  process.stdout.write(
    `  ${label}: sent at ${issuedAtMs}, response after ${Math.round(respondedMs)} ms${answer}\n`,
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([all, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
  clearTimeout(timer);
  return {
    received: latencies.length,
    latencies: latencies.sort((a, b) => a - b),
    lastReceiptMs: receipts ? lastReceiptMs : null,
    receiptErrors: receipts ? receiptErrors + (sockets.length - acknowledged - receiptErrors) : 0,
  };
}

const quantile = (sorted: number[], q: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
const runId = `scale${Date.now().toString(36)}`;

const results: Record<string, unknown>[] = [];
interface Run {
  name: string;
  workers: number;
  sockets: number;
  redis: boolean;
  receipts?: boolean;
}
const allRuns: Record<RunName, Run> = {
  bare: { name: 'bare Socket.IO broadcast (baseline)', workers: 0, sockets: perWorker, redis: false },
  single: { name: 'one process, in-memory adapter', workers: 1, sockets: perWorker, redis: false },
  'single-receipts': {
    name: 'one process, in-memory adapter, with receipts',
    workers: 1,
    sockets: perWorker,
    redis: false,
    receipts: true,
  },
  cluster1: { name: 'start:cluster, 1 worker', workers: 1, sockets: perWorker, redis: true },
  cluster2: { name: 'start:cluster, 2 workers', workers: 2, sockets: perWorker * 2, redis: true },
};
const runs = selected.map((name) => allRuns[name as RunName]);
for (const run of runs) {
  const port = 4100 + run.workers + (run.redis ? 0 : 10);
  const prefix = `bench-scale-${randomBytes(4).toString('hex')}`;
  const server =
    run.workers === 0
      ? await startProcess(['loadtest/lib/bare-broadcast.ts'], { PORT: String(port) }, 0)
      : !run.redis
        ? await startProcess(
            ['server/src/main.ts'],
            {
              DATABASE_URL: databaseUrl,
              REDIS_URL: '',
              PORT: String(port),
              LOG_LEVEL: 'info',
              CARD_TOKEN_SECRET: cardTokenSecret,
              DATABASE_POOL_SIZE: '10',
            },
            1,
          )
        : await startProcess(
            ['server/src/cli/start-cluster.ts', '--workers', String(run.workers)],
            {
              DATABASE_URL: databaseUrl,
              REDIS_URL: redisUrl,
              REDIS_KEY_PREFIX: prefix,
              PORT: String(port),
              LOG_LEVEL: 'warn',
              CARD_TOKEN_SECRET: cardTokenSecret,
              DATABASE_POOL_SIZE: '10',
            },
            run.workers,
          );
  try {
    const url = `http://127.0.0.1:${port}`;
    const { sockets, errors } = await openSockets(url, fixtures.residents.slice(0, run.sockets));
    // Let the workers finish joining rooms (family rooms query the database per socket).
    await new Promise((r) => setTimeout(r, 10_000));
    // A server that has run for a while has its code paths compiled and its database sessions
    // warm (PostGIS loaded, plans cached, shared memory mapped: a new PostgreSQL backend runs a
    // 10,000-row send about twice as slowly). So every run, the baseline too, first sends the same
    // fan-out once untimed, and the second is measured.
    const polygon = fixtures.fanoutPolygons[String(run.sockets)]!;
    await fanOut(url, sockets, run.workers === 0, false, polygon, 'warm');
    await new Promise((r) => setTimeout(r, 1000));
    const before = await redisCounters(redis);
    const fanout = await fanOut(url, sockets, run.workers === 0, run.receipts === true, polygon);
    await new Promise((r) => setTimeout(r, 500));
    const after = await redisCounters(redis);
    for (const socket of sockets) socket.disconnect();
    const received = fanout.received;
    const publishes = after.publishCalls - before.publishCalls;
    const maxMs = fanout.latencies.at(-1) ?? 0;
    results.push({
      run: run.name,
      sockets: run.sockets,
      connected: sockets.length,
      connectErrors: errors,
      received,
      latencyMs: {
        p50: quantile(fanout.latencies, 0.5),
        p95: quantile(fanout.latencies, 0.95),
        max: Math.round(maxMs),
      },
      deliveriesPerSecond: maxMs ? Math.round(received / (maxMs / 1000)) : null,
      lastReceiptMs: fanout.lastReceiptMs === null ? null : Math.round(fanout.lastReceiptMs),
      receiptErrors: fanout.receiptErrors,
      redis: {
        publishes,
        bytesIn: after.inputBytes - before.inputBytes,
        bytesOut: after.outputBytes - before.outputBytes,
        bytesInPerPublish: publishes ? Math.round((after.inputBytes - before.inputBytes) / publishes) : null,
        bytesOutPerPublish: publishes
          ? Math.round((after.outputBytes - before.outputBytes) / publishes)
          : null,
      },
    });
    process.stdout.write(`${JSON.stringify(results.at(-1))}\n`);
  } finally {
    await stop(server);
  }
}
redis.disconnect();
const record = provenance();
const raw = {
  ...record,
  command:
    `npx tsx loadtest/${path.basename(import.meta.filename)} ${process.argv.slice(2).join(' ')}`.trim(),
  runs: results,
};
const outDir = path.join(ROOT, 'docs/benchmarks');
await mkdir(outDir, { recursive: true });
const rawFile = path.join(outDir, `fanout-${record.date.slice(0, 19).replace(/:/g, '')}.json`);
await writeFile(rawFile, `${JSON.stringify(raw, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(raw, null, 2)}\nwrote ${path.relative(ROOT, rawFile)}\n`);
