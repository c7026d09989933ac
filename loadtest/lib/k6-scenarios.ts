import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BaselineResult } from './baseline.js';
import type { K6Fixtures } from './k6-fixtures.js';
import type { ReportRow } from './k6-report.js';
import { failedThresholds, metric, rssBytes, runK6, type K6Run } from './k6-runner.js';
import { runScale, scaleFigures, type ScaleResult } from './k6-scale.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { warningDocument } from '../k6/lib/warning.js';

export interface BenchContext {
  databaseUrl: string;
  secret: string;
  fixturesFile: string;
  work: string;
  /** Used by the scale-out scenario when no redis-server can be started for it. */
  redisUrl: string;
  scenarios: Set<string>;
  settings: {
    fanoutSizes: number[];
    reconnectSockets: number;
    socketsPerVu: number;
    checkinRates: number[];
    checkinStageSeconds: number;
    readers: number;
    familyRate: number;
    familySeconds: number;
    mixedSockets: number;
    mixedSeconds: number;
    scaleSocketsPerWorker: number;
  };
}

/** A scenario that did not complete: reported as failed in the table; the others still run. */
interface Failure {
  scenario: string;
  parameters: string;
  error: string;
}

interface Measured {
  name: string;
  run: K6Run;
  vus: number;
  sockets: number;
  idleServerRssBytes: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 2 ** 20);
const kbPerSocket = (m: Measured) =>
  m.sockets > 0 ? `${round((m.run.serverPeakRssBytes - m.idleServerRssBytes) / 1024 / m.sockets)} KB` : '–';
/**
 * Sockets are opened at about 100/s: the connect path (session lookup, family rooms) is not what
 * is measured, and faster opening failed sockets on a shared 2-core machine.
 */
export const connectSecondsFor = (sockets: number) => Math.max(10, Math.ceil(sockets / 100));
/** Past its expected length, how long a k6 run may go on before the bench stops it. */
const DEADLINE_MARGIN_SECONDS = 120;

/** Expected wall time of each scenario in seconds (servers' start-up included), for the estimate. */
export function expectedSeconds(scenario: string, s: BenchContext['settings']): number {
  const start = 15;
  switch (scenario) {
    case 'fanout':
      return s.fanoutSizes.reduce((sum, n) => sum + 2 * (start + connectSecondsFor(n) + 10 + 30), 0);
    case 'reconnect':
      return start + 2 * connectSecondsFor(s.reconnectSockets) + 100 + 20;
    case 'checkin':
      return start + s.checkinRates.length * s.checkinStageSeconds + 5;
    case 'family':
      return 2 * (start + s.familySeconds + 5);
    case 'mixed':
      return start + connectSecondsFor(s.mixedSockets) + 5 + s.mixedSeconds + 30;
    case 'scale':
      return 2 * (30 + 15 + connectSecondsFor(s.scaleSocketsPerWorker) + 43 + 44 + 20);
    default:
      return 0;
  }
}

/**
 * Runs the chosen scenarios, each against a freshly started server process (and its baseline
 * against a fresh bare server), one after another so they do not share the two cores.
 */
export async function runScenarios(ctx: BenchContext) {
  const measured: Measured[] = [];
  const failures: Failure[] = [];
  const { settings } = ctx;
  /** Runs one scenario; an error ends only that scenario, recorded for the table. */
  async function isolated(scenario: string, parameters: string, run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`  ✗ ${scenario} (${parameters}) failed: ${message}`);
      failures.push({ scenario, parameters, error: message.split('\n')[0]!.slice(0, 160) });
    }
  }
  const serverEnv = {
    DATABASE_URL: ctx.databaseUrl,
    CARD_TOKEN_SECRET: ctx.secret,
    DATABASE_POOL_SIZE: '20',
  };

  async function measure(
    name: string,
    script: string,
    env: Record<string, string>,
    shape: { vus: number; sockets: number; expectedSeconds: number },
    start: () => Promise<ServerProcess>,
    during?: (server: { current: ServerProcess }) => Promise<void>,
  ): Promise<Measured> {
    console.log(`\n▶ ${name}`);
    const server = { current: await start() };
    await pause(1500);
    const idle = rssBytes(server.current.pid);
    try {
      const run = await runK6(
        script,
        { BASE_URL: server.current.url, FIXTURES: ctx.fixturesFile, ...env },
        {
          summaryFile: path.join(ctx.work, `${name.replace(/\W+/g, '-')}.json`),
          deadlineSeconds: shape.expectedSeconds + DEADLINE_MARGIN_SECONDS,
          serverPid: () => server.current.pid,
          during: during ? () => during(server) : undefined,
        },
      );
      const failed = failedThresholds(run);
      console.log(
        `  k6 exit ${run.exitCode}${failed.length ? `; thresholds crossed: ${failed.join(', ')}` : ''}`,
      );
      const m = { name, run, vus: shape.vus, sockets: shape.sockets, idleServerRssBytes: idle };
      measured.push(m);
      return m;
    } finally {
      await server.current.stop();
    }
  }
  const realServer = (port?: number) => startServerProcess(serverEnv, { port });
  const bareServer = () => startServerProcess({}, { script: 'loadtest/lib/bare-broadcast.ts' });

  const fanouts: { n: number; server: Measured; bare: Measured }[] = [];
  if (ctx.scenarios.has('fanout')) {
    for (const n of settings.fanoutSizes) {
      await isolated('warning fan-out', `${n.toLocaleString('en')} resident sockets`, async () => {
        const vus = Math.ceil(n / settings.socketsPerVu);
        const env = {
          SOCKETS: String(n),
          SOCKETS_PER_VU: String(settings.socketsPerVu),
          CONNECT_SECONDS: String(connectSecondsFor(n)),
        };
        // The script's own bound: connect, settle, receive, its maxDuration slack.
        const shape = { vus, sockets: n, expectedSeconds: connectSecondsFor(n) + 10 + 30 + 70 };
        const server = await measure(
          `fan-out ${n}`,
          'alert-fanout.js',
          { ...env, MODE: 'server', RUN_ID: runId('f') },
          shape,
          () => realServer(),
        );
        const bare = await measure(
          `bare broadcast ${n}`,
          'alert-fanout.js',
          { ...env, MODE: 'baseline', RUN_ID: runId('b') },
          shape,
          bareServer,
        );
        fanouts.push({ n, server, bare });
      });
    }
  }

  let reconnect: { m: Measured; outageSeconds: number } | undefined;
  if (ctx.scenarios.has('reconnect')) {
    const n = settings.reconnectSockets;
    await isolated('reconnect storm', `${n.toLocaleString('en')} residents, restart`, async () => {
      const id = runId('r');
      const connectSeconds = connectSecondsFor(n);
      const fixtures = JSON.parse(readFileSync(ctx.fixturesFile, 'utf8')) as K6Fixtures;
      let outageSeconds = 0;
      const m = await measure(
        `reconnect storm ${n}`,
        'reconnect-storm.js',
        {
          SOCKETS: String(n),
          SOCKETS_PER_VU: String(settings.socketsPerVu),
          CONNECT_SECONDS: String(connectSeconds),
          HOLD_SECONDS: String(connectSeconds + 100),
          RUN_ID: id,
        },
        {
          vus: Math.ceil(n / settings.socketsPerVu),
          sockets: n,
          expectedSeconds: connectSeconds + 100 + 60,
        },
        () => realServer(),
        async (server) => {
          // A second node stays up; the first restarts on its port while HQ warns through the second.
          const other = await realServer();
          try {
            await pause((connectSeconds + 10) * 1000);
            const port = Number(new URL(server.current.url).port);
            const down = performance.now();
            console.log('  stopping the server …');
            await server.current.stop();
            const response = await fetch(`${other.url}/api/alerts`, {
              method: 'POST',
              headers: {
                Cookie: `sid=${fixtures.hq.sid}`,
                'X-CSRF-Token': fixtures.hq.csrf,
                'Content-Type': 'application/json',
              },
              body: JSON.stringify(
                warningDocument({
                  runId: id,
                  issuedAtMs: Date.now(),
                  polygon: fixtures.fanoutPolygons[String(n)]!,
                }),
              ),
            });
            const issued = (await response.json()) as { pushed?: number };
            console.log(`  warning issued during the outage: ${response.status}, ${issued.pushed} targeted`);
            server.current = await realServer(port);
            outageSeconds = round((performance.now() - down) / 1000);
            console.log(`  server back after ${outageSeconds} s`);
          } finally {
            await other.stop();
          }
        },
      );
      reconnect = { m, outageSeconds };
    });
  }

  let checkin: Measured | undefined;
  if (ctx.scenarios.has('checkin')) {
    const seconds = settings.checkinRates.length * settings.checkinStageSeconds;
    await isolated('check-in storm', `${settings.readers} readers`, async () => {
      checkin = await measure(
        'check-in storm',
        'checkin-storm.js',
        {
          READERS: String(settings.readers),
          RATES: settings.checkinRates.join(','),
          STAGE_SECONDS: String(settings.checkinStageSeconds),
        },
        { vus: settings.readers, sockets: settings.readers, expectedSeconds: seconds + 60 },
        () => realServer(),
      );
    });
  }

  let family: { server: Measured; bare: Measured } | undefined;
  if (ctx.scenarios.has('family')) {
    const env = { RATE: String(settings.familyRate), SECONDS: String(settings.familySeconds) };
    const expectedSeconds = settings.familySeconds + 5 + 60;
    await isolated('family lookup', `${settings.familyRate} req/s`, async () => {
      const server = await measure(
        'family lookup',
        'family-lookup.js',
        { ...env, MODE: 'server', SUBSCRIBERS: '200' },
        { vus: Math.ceil(settings.familyRate / 20) + 2, sockets: 200, expectedSeconds },
        () => realServer(),
      );
      const bare = await measure(
        'bare HTTP',
        'family-lookup.js',
        { ...env, MODE: 'baseline' },
        { vus: Math.ceil(settings.familyRate / 20), sockets: 0, expectedSeconds },
        bareServer,
      );
      family = { server, bare };
    });
  }

  let mixed: Measured | undefined;
  if (ctx.scenarios.has('mixed')) {
    const n = settings.mixedSockets;
    await isolated('mixed disaster day', `${n.toLocaleString('en')} sockets`, async () => {
      mixed = await measure(
        'mixed disaster day',
        'mixed-disaster-day.js',
        {
          SOCKETS: String(n),
          SOCKETS_PER_VU: String(settings.socketsPerVu),
          CONNECT_SECONDS: String(connectSecondsFor(n)),
          READERS: String(Math.min(20, settings.readers)),
          SECONDS: String(settings.mixedSeconds),
          RUN_ID: runId('m'),
        },
        {
          vus: Math.ceil(n / settings.socketsPerVu) + 20 + 12,
          sockets: n,
          expectedSeconds: connectSecondsFor(n) + 5 + settings.mixedSeconds + 90,
        },
        () => realServer(),
      );
    });
  }

  const scale: ScaleResult[] = [];
  if (ctx.scenarios.has('scale')) {
    const perWorker = settings.scaleSocketsPerWorker;
    await isolated('scale-out fan-out', `${perWorker.toLocaleString('en')} sockets per worker`, async () => {
      scale.push(
        ...(await runScale({
          databaseUrl: ctx.databaseUrl,
          secret: ctx.secret,
          fixturesFile: ctx.fixturesFile,
          work: ctx.work,
          redisUrl: ctx.redisUrl,
          socketsPerWorker: perWorker,
          socketsPerVu: settings.socketsPerVu,
          connectSeconds: connectSecondsFor(perWorker),
          workerCounts: [1, 2],
        })),
      );
    });
  }

  return {
    raw: measured.map((m) => ({
      name: m.name,
      vus: m.vus,
      sockets: m.sockets,
      k6ExitCode: m.run.exitCode,
      seconds: m.run.seconds,
      thresholdsCrossed: failedThresholds(m.run),
      k6PeakRssMb: mb(m.run.k6PeakRssBytes),
      k6CpuSeconds: round(m.run.k6CpuSeconds, 2),
      serverIdleRssMb: mb(m.idleServerRssBytes),
      serverPeakRssMb: mb(m.run.serverPeakRssBytes),
      metrics: Object.fromEntries(Object.entries(m.run.summary.metrics).map(([k, v]) => [k, v.values])),
    })),
    scale: scale.map((r) => ({ ...r, figures: scaleFigures(r) })),
    failures,
    loadGenerator: [
      ...measured.map((m) => loadGeneratorLine(m.name, m.run, m.vus, m.sockets)),
      ...scale.flatMap((r) =>
        r.k6.map(
          (k, i) =>
            `scale-out ${r.workers} worker(s), k6 #${i + 1}: ${k.peakRssMb} MB peak for ${k.vus} VUs ` +
            `(${round(k.peakRssMb / k.vus, 2)} MB/VU, ${round((k.peakRssMb * 1024) / k.sockets)} KB/socket), ` +
            `${k.cpuSeconds} s CPU (${round((k.cpuSeconds * 1000) / k.sockets, 2)} ms/socket)`,
        ),
      ),
    ],
    notes: [...notes(fanouts, reconnect), ...scaleNotes(scale)],
    rows: (insert: BaselineResult | undefined): ReportRow[] => [
      ...fanouts.flatMap(({ n, server, bare }) => fanoutRows(n, server, bare)),
      ...(reconnect ? [reconnectRow(reconnect.m, reconnect.outageSeconds)] : []),
      ...(checkin ? checkinRows(checkin, settings, insert) : []),
      ...(family ? familyRows(family.server, family.bare, settings.familyRate) : []),
      ...(mixed ? mixedRows(mixed, settings.mixedSockets) : []),
      ...scaleRows(scale),
      ...failures.map(failedRow),
    ],
  };
}

/** What k6 itself cost: memory per VU and per socket, CPU per socket (it shares the cores). */
function loadGeneratorLine(name: string, run: K6Run, vus: number, sockets: number): string {
  const peak = mb(run.k6PeakRssBytes);
  const cpu = round(run.k6CpuSeconds, 1);
  return (
    `${name}: ${peak} MB peak for ${vus} VUs (${round(peak / vus, 2)} MB/VU` +
    (sockets > 0 ? `, ${round(run.k6PeakRssBytes / 1024 / sockets)} KB/socket` : '') +
    `), ${cpu} s CPU over ${run.seconds} s (${Math.round((100 * cpu) / Math.max(1, run.seconds))} % of a core` +
    (sockets > 0 ? `, ${round((1000 * run.k6CpuSeconds) / sockets, 2)} ms/socket)` : ')')
  );
}

function failedRow(f: Failure): ReportRow {
  return {
    scenario: f.scenario,
    parameters: f.parameters,
    throughput: '–',
    p50: null,
    p95: null,
    p99: null,
    delivery: '–',
    memoryPerSocket: '–',
    baseline: '–',
    ratio: '–',
    verdict: `**failed**: ${f.error.replace(/\|/g, '/')}`,
  };
}

function scaleRows(results: ScaleResult[]): ReportRow[] {
  const one = results.find((r) => r.workers === 1);
  return results.map((r) => {
    const f = scaleFigures(r);
    const base = one && one !== r ? scaleFigures(one) : undefined;
    const split = r.perWorker.map((w) => w.sockets.toLocaleString('en')).join(' + ');
    return {
      scenario: 'scale-out fan-out',
      parameters:
        `${r.sockets.toLocaleString('en')} sockets, start:cluster ${r.workers} worker(s) (${split}), ` +
        `Redis adapter, ${r.k6Processes} k6 process(es)`,
      throughput: `${f.deliveriesPerSecond.toLocaleString('en')} deliveries/s`,
      p50: f.p50,
      p95: f.p95,
      p99: f.p99,
      delivery:
        `${f.received.toLocaleString('en')} / ${r.sockets.toLocaleString('en')} ` +
        `(${round((100 * f.received) / r.sockets, 2)} %)` +
        (f.connectErrors > 0 ? `, ${f.connectErrors} connect failures (${f.connectTimeouts} timed out)` : ''),
      memoryPerSocket: `${r.memoryPerSocketKb} KB`,
      baseline: base
        ? `1 worker, ${one!.sockets.toLocaleString('en')}: ${base.deliveriesPerSecond.toLocaleString('en')}/s`
        : '–',
      ratio:
        base && base.deliveriesPerSecond > 0
          ? `${round(f.deliveriesPerSecond / base.deliveriesPerSecond, 2)}× rate`
          : '–',
      verdict: f.received >= r.sockets ? 'met (100 %)' : 'missed (100 %)',
    };
  });
}

function scaleNotes(results: ScaleResult[]): string[] {
  return results.map((r) => {
    const f = scaleFigures(r);
    const m = f.redisPerMessage;
    return (
      `scale-out ${r.workers} worker(s): \`POST /api/alerts\` ${r.issueMs} ms for ${r.pushed.toLocaleString('en')} pushed; ` +
      `Redis${r.redisPrivate ? ' (private)' : ' (shared)'}, less an idle window, per message ${m.cpuMicroseconds} µs CPU, ` +
      `${m.bytesIn} B in, ${m.bytesOut} B out, ${m.commands} commands (${m.top}); ` +
      `workers' open files ${r.perWorker.map((w) => w.openFiles.toLocaleString('en')).join(' / ')} (limit 20,000 each)`
    );
  });
}

const runId = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

function latency(run: K6Run, name: string) {
  return {
    p50: round(metric(run, name, 'med')),
    p95: round(metric(run, name, 'p(95)')),
    p99: round(metric(run, name, 'p(99)')),
  };
}

function delivered(run: K6Run, expected: number): string {
  const got = metric(run, 'fanout_received', 'count');
  return `${got.toLocaleString('en')} / ${expected.toLocaleString('en')} (${round((100 * got) / expected, 2)} %)`;
}

function fanoutRows(n: number, server: Measured, bare: Measured): ReportRow[] {
  const s = latency(server.run, 'fanout_latency');
  const b = latency(bare.run, 'fanout_latency');
  const ratio = b.p95 > 0 ? round(s.p95 / b.p95, 2) : 0;
  const complete = metric(server.run, 'fanout_received', 'count') >= n;
  const perSecond = (m: Measured) =>
    `${Math.round(metric(m.run, 'fanout_received', 'count') / (metric(m.run, 'fanout_latency', 'max') / 1000 || 1)).toLocaleString('en')} deliveries/s`;
  return [
    {
      scenario: 'warning fan-out',
      parameters: `${n.toLocaleString('en')} resident sockets`,
      throughput: perSecond(server),
      ...s,
      delivery: delivered(server.run, n),
      memoryPerSocket: kbPerSocket(server),
      baseline: `bare broadcast p95 ${b.p95} ms`,
      ratio: `${ratio}×`,
      verdict:
        ratio <= 1.3 && complete && (n < 10_000 || s.p95 < 500)
          ? 'met'
          : `missed (≤ 1.3×${n >= 10_000 ? ', < 500 ms' : ''}, 100 %)`,
    },
    {
      scenario: '↳ bare Socket.IO broadcast',
      parameters: `${n.toLocaleString('en')} sockets, same payload`,
      throughput: perSecond(bare),
      ...b,
      delivery: delivered(bare.run, n),
      memoryPerSocket: kbPerSocket(bare),
      baseline: '–',
      ratio: '1×',
      verdict: '–',
    },
  ];
}

function reconnectRow(m: Measured, outageSeconds: number): ReportRow {
  const r = latency(m.run, 'socket_reconnect_time');
  const got = metric(m.run, 'fanout_received', 'count');
  return {
    scenario: 'reconnect storm',
    parameters: `${m.sockets.toLocaleString('en')} residents, restart, warning during a ${outageSeconds} s outage`,
    throughput: `${metric(m.run, 'socket_reconnects', 'count').toLocaleString('en')} reconnects`,
    ...r,
    delivery:
      delivered(m.run, m.sockets) +
      ` — push ${metric(m.run, 'warning_via_push', 'count')}, catch-up ${metric(m.run, 'warning_via_catchup', 'count')}`,
    memoryPerSocket: kbPerSocket(m),
    baseline: '–',
    ratio: '–',
    verdict: got >= m.sockets ? 'met (100 %)' : 'missed (100 %)',
  };
}

function checkinRows(
  m: Measured,
  s: BenchContext['settings'],
  insert: BaselineResult | undefined,
): ReportRow[] {
  return s.checkinRates.map((rate) => {
    const t = latency(m.run, `tap_ack{stage:${rate}}`);
    const acked = metric(m.run, `taps_acked{stage:${rate}}`, 'count') / s.checkinStageSeconds;
    return {
      scenario: 'check-in storm',
      parameters: `${s.readers} readers, target ${rate} taps/s, ${s.checkinStageSeconds} s`,
      throughput: `${Math.round(acked)} taps/s`,
      ...t,
      delivery: `${metric(m.run, 'tap_errors', 'count')} errors, ${metric(m.run, 'taps_not_sent', 'count')} not sent (whole run)`,
      memoryPerSocket: '–',
      baseline: insert ? `INSERT ${insert.insertsPerSecond}/s, p99 ${insert.latencyMs.p99} ms` : '–',
      ratio: insert ? `${round(acked / insert.insertsPerSecond, 2)}× rate` : '–',
      verdict: rate >= 1000 ? (acked >= 970 && t.p99 < 50 ? 'met' : 'missed (≥ 1,000/s, p99 < 50 ms)') : '–',
    };
  });
}

function familyRows(server: Measured, bare: Measured, rate: number): ReportRow[] {
  const s = latency(server.run, 'http_req_duration{name:GET /api/me/family}');
  const b = latency(bare.run, 'http_req_duration{name:GET /healthz}');
  const rps = (m: Measured, name: string) =>
    `${Math.round(metric(m.run, `http_reqs{name:${name}}`, 'rate') || metric(m.run, 'http_reqs', 'rate'))} req/s`;
  return [
    {
      scenario: 'family lookup',
      parameters: `${rate} req/s, 200 subscribed sockets`,
      throughput: rps(server, 'GET /api/me/family'),
      ...s,
      delivery: `${round(100 * metric(server.run, 'http_req_failed', 'rate'), 2)} % failed`,
      memoryPerSocket: '–',
      baseline: `bare HTTP p99 ${b.p99} ms`,
      ratio: b.p99 > 0 ? `${round(s.p99 / b.p99, 1)}× p99` : '–',
      verdict: s.p99 < 20 ? 'met' : 'missed (p99 < 20 ms)',
    },
    {
      scenario: '↳ bare HTTP (healthz of a bare Node server)',
      parameters: `${rate} req/s`,
      throughput: rps(bare, 'GET /healthz'),
      ...b,
      delivery: `${round(100 * metric(bare.run, 'http_req_failed', 'rate'), 2)} % failed`,
      memoryPerSocket: '–',
      baseline: '–',
      ratio: '1×',
      verdict: '–',
    },
  ];
}

function mixedRows(m: Measured, sockets: number): ReportRow[] {
  const warnings = metric(m.run, 'warnings_issued', 'count');
  return [
    {
      scenario: 'mixed day: fan-out',
      parameters: `${sockets.toLocaleString('en')} sockets, ${warnings} warnings`,
      throughput: '–',
      ...latency(m.run, 'fanout_latency'),
      delivery: delivered(m.run, sockets * Math.max(1, warnings)),
      memoryPerSocket: kbPerSocket(m),
      baseline: '–',
      ratio: '–',
      verdict: '–',
    },
    {
      scenario: 'mixed day: taps',
      parameters: '20 readers, 200 taps/s',
      throughput: `${Math.round(metric(m.run, 'taps_acked', 'rate'))} taps/s`,
      ...latency(m.run, 'tap_ack'),
      delivery: `${metric(m.run, 'tap_errors', 'count')} errors`,
      memoryPerSocket: '–',
      baseline: '–',
      ratio: '–',
      verdict: '–',
    },
    {
      scenario: 'mixed day: family lookups',
      parameters: '100 req/s',
      throughput: `${Math.round(metric(m.run, 'http_reqs{name:GET /api/me/family}', 'rate'))} req/s`,
      ...latency(m.run, 'http_req_duration{name:GET /api/me/family}'),
      delivery: `${round(100 * metric(m.run, 'http_req_failed', 'rate'), 2)} % failed`,
      memoryPerSocket: '–',
      baseline: '–',
      ratio: '–',
      verdict: '–',
    },
  ];
}

function notes(
  fanouts: { n: number; server: Measured; bare: Measured }[],
  reconnect: { m: Measured; outageSeconds: number } | undefined,
): string[] {
  const out =
    fanouts.length > 0 || reconnect
      ? [
          'Fan-out latency: HQ’s `POST /api/alerts` sent → `inbox:new` received on each socket (same k6 clock); it ' +
            'includes targeting and writing every inbox entry in PostgreSQL. The baseline is `io.emit` of the same ' +
            'payload by a bare Socket.IO server (loadtest/lib/bare-broadcast.ts) to the same number of k6 sockets.',
          'Memory per socket: (server peak RSS during the run − its RSS idle before the run) ÷ sockets.',
        ]
      : [];
  for (const { n, server } of fanouts) {
    // In the fan-out script HQ's POST is the only HTTP request: its duration is the transaction.
    const issue = round(metric(server.run, 'http_req_duration', 'max'));
    const p95 = round(metric(server.run, 'fanout_latency', 'p(95)'));
    out.push(
      `fan-out ${n}: \`POST /api/alerts\` took ${issue} ms (targeting, ${n} inbox entries, commit); ` +
        `p95 receipt ${p95} ms, so ≈ ${round(p95 - issue)} ms of it came after the response (emit + delivery).`,
    );
    const crossed = failedThresholds(server.run);
    if (crossed.length > 0) out.push(`fan-out ${n}: thresholds crossed — ${crossed.join(', ')}`);
  }
  if (reconnect) {
    out.push(
      `Reconnect storm: the server process is stopped ${reconnect.outageSeconds} s (SIGTERM, then restarted on its port); ` +
        'the warning is issued through a second server process meanwhile. Residents reconnect with 0.5–3 s jitter ' +
        'and catch up with `GET /api/me/inbox?after=`.',
    );
  }
  return out;
}
