/**
 * `npm run start:cluster -- --workers N`: N server processes on this machine sharing one port,
 * one PostgreSQL and one Redis. The primary migrates once, then forks the workers and restarts any
 * that die. Workers take WebSocket only: node:cluster hands each new connection to any worker, so
 * the several requests of a long-polling session would land on different processes.
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import { createLogger } from '../logger.js';
import { ensureDemoData } from '../modules/demo/demo-seed.js';
import { connectRedis } from '../realtime/redis.js';
import { buildClient, clientIsStale } from './client-build.js';

const workersArg = z.coerce.number().int().min(1).max(64);
/** A worker that dies this many times within the window is not restarted again: something is wrong. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readArgs(): { workers: number; clientBuild: boolean } {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string', short: 'w' },
      // An API-only run (the load tests) does not wait for, or load the cores with, a client build.
      'no-client-build': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const parsed = workersArg.safeParse(values.workers ?? os.availableParallelism());
  if (!parsed.success) fail('--workers must be a whole number from 1 to 64');
  return { workers: parsed.data, clientBuild: !values['no-client-build'] };
}

async function prepare(clientBuild: boolean): Promise<void> {
  process.env.NODE_ENV ??= 'production';
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    fail(
      'start:cluster runs several processes on one shared database and shares real-time events ' +
        'through Redis: set DATABASE_URL (PostgreSQL + PostGIS) and REDIS_URL. ' +
        'The embedded database serves one process only: use `npm start` for that.',
    );
  }
  const logger = createLogger(config.LOG_LEVEL);
  const redis = await connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, logger).catch(
    (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
  );
  await redis.close();
  const db = openPostgres({ connectionString: config.DATABASE_URL, maxConnections: 2 });
  try {
    // Once here, so the workers find nothing to do: migrations, the region's reference data (and
    // the demo residents when DEMO_SEED is set) are loaded by one process, not raced by N.
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    await ensureDemoData(db, config, logger);
  } finally {
    await db.close();
  }
  if (clientBuild && clientIsStale()) {
    process.stdout.write('Building the web client…\n');
    await buildClient();
  }
}

function superviseWorkers(count: number): void {
  const restarts: number[] = [];
  let stopping = false;
  const fork = (): Worker => cluster.fork({ SOCKET_TRANSPORTS: 'websocket' });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      process.stderr.write(`Workers keep dying (${restarts.length} in a minute); stopping.\n`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`Worker ${worker.process.pid} ended (${signal ?? code}); starting another.\n`);
    setTimeout(fork, 1000).unref();
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  for (let i = 0; i < count; i += 1) fork();
  process.stdout.write(
    `Started ${count} worker processes (WebSocket transport, events shared through Redis).\n`,
  );
}

const { workers, clientBuild } = readArgs();
await prepare(clientBuild);
cluster.setupPrimary({ exec: path.join(import.meta.dirname, '..', 'main.ts') });
superviseWorkers(workers);
