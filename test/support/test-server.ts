import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../server/src/config.js';
import type { Database } from '../../server/src/db/database.js';
import { createLogger } from '../../server/src/logger.js';
import type { ChannelSenders } from '../../server/src/modules/delivery/channel-senders.js';
import { listen, type RunningServer } from '../../server/src/server.js';
import { openTestDatabase } from './database.js';
import { HttpClient } from './http-client.js';

/**
 * The job engine's schema for this test file's servers: its queues and jobs stay its own, while
 * servers of one file (nodes of one installation) share them. Global setup drops old ones.
 */
export const TEST_JOBS_SCHEMA = `jobs_test_${randomBytes(4).toString('hex')}`;

export interface TestServer {
  server: RunningServer;
  config: Config;
  db: Database;
  url: string;
  client(): HttpClient;
  close(): Promise<void>;
}

/**
 * Senders handed to the server, or made from its configuration (a sender that signs with the
 * server's own generated secrets, talking to a local peer the test trusts).
 */
export type TestChannelSenders = ChannelSenders | ((config: Config) => ChannelSenders);

/**
 * The real server on a free port over a real database: what a client on the network sees.
 * `channelSenders` replaces the senders the configuration would build (escalation tests hand in
 * the senders of their channel peers; the caller closes them); `db` starts it on an open database
 * (a restart).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  deps: { channelSenders?: TestChannelSenders; db?: Database } = {},
): Promise<TestServer> {
  const config = loadConfig({
    ...env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    // A free port, unless the test chose one (its PUBLIC_BASE_URL must name the address it serves on).
    PORT: env.PORT ?? '0',
    // Everything down to debug is logged to a file the global teardown scans for personal data.
    LOG_LEVEL: env.LOG_LEVEL ?? 'debug',
    DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'hinan-test-')),
    JOBS_SCHEMA: env.JOBS_SCHEMA ?? TEST_JOBS_SCHEMA,
    // Tests trigger each job themselves (test/support/jobs.ts): periodic runs at their own times
    // would change a test's data under it. The tests of the schedules turn them on.
    JOB_SCHEDULES: env.JOB_SCHEDULES ?? 'false',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  // A database handed in (a restart on the same data) stays open when this server closes.
  const db = deps.db ?? (await openTestDatabase());
  const logFile = pino.destination({
    dest: path.join(inject('testLogDir'), `server-${process.pid}.ndjson`),
    append: true,
    sync: true,
  });
  const channelSenders =
    typeof deps.channelSenders === 'function' ? deps.channelSenders(config) : deps.channelSenders;
  const server = await listen({
    config,
    db,
    logger: createLogger(config.LOG_LEVEL, logFile),
    ...(channelSenders ? { channelSenders } : {}),
  });
  return {
    server,
    config,
    db,
    url: server.url,
    client: () => new HttpClient(server.url),
    async close() {
      await server.close();
      if (!deps.db) await db.close();
    },
  };
}
