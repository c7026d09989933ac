/**
 * HQ map bench: `npx tsx loadtest/hq-map-bench.ts [options]` (see docs/benchmarks.md, "HQ map").
 *
 * Starts the real server in this process over PostgreSQL (DATABASE_URL; migrated, and the
 * Ishikawa region loaded when it has no shelters), opens the HQ page in Debian's Chromium as a
 * bench-only HQ user (removed at the end), and measures in the page:
 *   1. first render: navigation start → every shelter in the store and the map drawn (next frame);
 *   2. frame times (requestAnimationFrame deltas) and long tasks while idle: the bare baseline;
 *   3. the same while the server emits `shelter:occupancy` events (default 10,000 at 1,000/s),
 *      with the map clustered (whole prefecture) and with every marker drawn (zoomed in).
 *
 * Options: --events 10000  --rate 1000  --idle-seconds 5  --out docs/benchmarks
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { buildClient, clientIsStale } from '../server/src/cli/client-build.js';
import { loadConfig } from '../server/src/config.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPostgres } from '../server/src/db/postgres.js';
import { createLogger } from '../server/src/logger.js';
import { insertUser } from '../server/src/modules/auth/auth.queries.js';
import { hashPassword } from '../server/src/modules/auth/password.js';
import { loadRegion } from '../server/src/modules/region/region.loader.js';
import { rooms, type ShelterOccupancyEvent } from '../server/src/realtime/events.js';
import { listen } from '../server/src/server.js';
// Brings in the `window.__hqMap` declaration the page installs.
import type {} from '../client/src/features/hq/testHook';
import { provenance } from './lib/provenance.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '1000' },
    'idle-seconds': { type: 'string', default: '5' },
    out: { type: 'string', default: 'docs/benchmarks' },
  },
});
const events = Number(values.events);
const rate = Number(values.rate);
const idleSeconds = Number(values['idle-seconds']);
if (![events, rate, idleSeconds].every((n) => Number.isSafeInteger(n) && n > 0))
  throw new Error('--events, --rate and --idle-seconds must be positive integers');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  over50ms: number;
  longTasks: number;
  longTaskMs: number;
  seconds: number;
}

/**
 * Installed before the page's own scripts: records frame gaps and long tasks while `recording`.
 * Plain text, not a function: tsx would wrap a function in name helpers the page does not have.
 */
const RECORDER = `(() => {
  const bench = { recording: false, frames: [], longTasks: [], started: 0 };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    if (!bench.recording) return;
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  let last = 0;
  const loop = (now) => {
    if (bench.recording && last > 0) bench.frames.push(now - last);
    last = now;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})();`;

type Bench = { recording: boolean; frames: number[]; longTasks: number[]; started: number };

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const bench = (window as unknown as { __bench: Bench }).__bench;
    Object.assign(bench, { recording: true, frames: [], longTasks: [], started: performance.now() });
  });
}

async function stopRecording(page: Page): Promise<FrameStats> {
  const { frames, longTasks, seconds } = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: Bench }).__bench;
    bench.recording = false;
    return {
      frames: bench.frames,
      longTasks: bench.longTasks,
      seconds: (performance.now() - bench.started) / 1000,
    };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    frames: frames.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: round(sorted.at(-1) ?? 0),
    over50ms: frames.filter((f) => f > 50).length,
    longTasks: longTasks.length,
    longTaskMs: round(longTasks.reduce((a, b) => a + b, 0)),
    seconds: round(seconds),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const db = openPostgres({ connectionString: databaseUrl, maxConnections: 10 });
  await migrate(db);
  const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM shelters');
  if ((counted[0]?.n ?? 0) === 0) await loadRegion(db);
  const { rows: shelters } = await db.query<{ id: string; capacity_indoor: number | null }>(
    'SELECT id, capacity_indoor FROM shelters ORDER BY id',
  );

  if (clientIsStale({ mode: 'e2e' })) {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    await buildClient({ mode: 'e2e' });
    process.env.NODE_ENV = nodeEnv;
  }
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'hinan-hqmap-bench-')),
    DATABASE_URL: databaseUrl,
    CARD_TOKEN_SECRET: randomBytes(32).toString('hex'),
  });
  const server = await listen({ config, db, logger: createLogger(config.LOG_LEVEL) });
  const username = `bench-hqmap-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const userId = await insertUser(db, {
    username,
    passwordHash: await hashPassword(password),
    displayName: 'HQ map bench',
    role: 'hq_operator',
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1440, height: 900 },
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    });
    const login = await context.newPage();
    await login.goto('/');
    await login.getByTestId('login-username').fill(username);
    await login.getByTestId('login-password').fill(password);
    await login.getByTestId('login-submit').click();
    await login.getByTestId('current-user').waitFor();
    await login.close();

    // 1. First render, on a fresh page load with the session cookie already set.
    const page = await context.newPage();
    await page.addInitScript(RECORDER);
    await page.goto('/#/hq');
    await page.waitForFunction(
      (count) => window.__hqMap?.shelterCount === count && window.__hqMap.drawnCount() > 0,
      shelters.length,
      { timeout: 60_000, polling: 'raf' },
    );
    const firstRenderMs = await page.evaluate(
      () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
    );
    await page.locator('[data-testid="live-status"][data-live="true"]').waitFor();
    await sleep(1_000);

    const occupancy = new Map(shelters.map((s) => [s.id, 0]));
    const replay = async (label: string): Promise<FrameStats & { label: string; appliedMs: number }> => {
      await startRecording(page);
      const started = performance.now();
      const perTick = Math.max(1, Math.round(rate / 100));
      let last: ShelterOccupancyEvent | null = null;
      for (let sent = 0; sent < events;) {
        for (let i = 0; i < perTick && sent < events; i++, sent++) {
          const shelter = shelters[Math.floor(Math.random() * shelters.length)]!;
          const next = Math.max(0, occupancy.get(shelter.id)! + (Math.random() < 0.6 ? 1 : -1));
          occupancy.set(shelter.id, next);
          last = {
            shelterId: shelter.id,
            occupancy: next,
            occupancyDay: 0,
            occupancyOvernight: next,
            capacity: shelter.capacity_indoor,
            status: 'open',
            at: new Date().toISOString(),
          };
          server.io.to(rooms.public).emit('shelter:occupancy', last);
        }
        const due = started + (sent / rate) * 1000;
        await sleep(Math.max(0, due - performance.now()));
      }
      await page.waitForFunction(
        ([id, expected]) => window.__hqMap?.shelter(id)?.occupancy === expected,
        [last!.shelterId, last!.occupancy] as const,
        { timeout: 120_000 },
      );
      const appliedMs = round(performance.now() - started);
      return { label, appliedMs, ...(await stopRecording(page)) };
    };
    const idle = async (label: string) => {
      await startRecording(page);
      await sleep(idleSeconds * 1000);
      return { label, appliedMs: 0, ...(await stopRecording(page)) };
    };

    const runs = [];
    runs.push(await idle('idle, clustered (baseline)'));
    runs.push(await replay(`${events} events at ${rate}/s, clustered`));
    await page.evaluate(() => {
      window.__hqMap!.setView(36.58, 136.65, 13);
    });
    await sleep(1_000);
    runs.push(await idle('idle, every marker drawn (baseline)'));
    runs.push(await replay(`${events} events at ${rate}/s, every marker drawn`));

    const run = provenance();
    const result = {
      date: run.date,
      commit: run.commit,
      machine: { ...run.machine, load: os.loadavg().map(round) },
      shelters: shelters.length,
      firstRenderMs: round(firstRenderMs),
      runs,
    };
    await mkdir(values.out, { recursive: true });
    const file = path.join(values.out, `hq-map-${result.date.slice(0, 10)}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `shelters ${result.shelters}, first render ${result.firstRenderMs} ms, load ${result.machine.load.join(' ')}`,
    );
    console.table(runs);
    console.log(`written to ${file}`);
  } finally {
    await browser.close();
    await server.close();
    await db.query('DELETE FROM users WHERE id = $1', [userId]);
    await db.close();
  }
}

await main();
