/**
 * With DATABASE_URL set, the suite runs against PostgreSQL + PostGIS: migrate it once up front so
 * the test files (run one after another) all find the schema. Without it, every test file gets its
 * own in-memory embedded database, started from a migrated template made here once (creating the
 * PostGIS extension and running migrations is most of an embedded start).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Database } from '../server/src/db/database.js';
import { openEmbedded } from '../server/src/db/embedded.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPostgres } from '../server/src/db/postgres.js';
import { scanLogs } from './support/log-privacy.js';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
    testLogDir: string;
  }
}

/**
 * Logs of this run's test servers; kept after the run (test-output/ is ignored by git) for reading.
 * One folder per run: two runs side by side must not scan, or delete, each other's logs.
 */
const LOG_DIR = path.resolve('test-output/server-logs', `run-${process.pid}`);

/**
 * Fails the run when any test server logged personal data or a secret: the suite drives every
 * route with the factories' recognisable people, so their names must never reach a log line.
 */
async function assertLogsHoldNoPersonalData(): Promise<void> {
  const { lines, findings } = await scanLogs(LOG_DIR);
  if (findings.length === 0) return;
  const where = findings.slice(0, 20).map((f) => `${f.file}:${f.line} ${f.kind}`);
  throw new Error(
    `${findings.length} of ${lines} server log lines hold personal data or secrets:\n${where.join('\n')}`,
  );
}

/** Each test file's servers keep their jobs in a schema of their own (see test-server.ts). */
async function dropOldTestJobSchemas(db: Database): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'jobs\\_test\\_%'`,
  );
  for (const { name } of rows) await db.exec(`DROP SCHEMA "${name}" CASCADE`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await rm(LOG_DIR, { recursive: true, force: true });
  await mkdir(LOG_DIR, { recursive: true });
  project.provide('testLogDir', LOG_DIR);
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = openPostgres({ connectionString: url, maxConnections: 2 });
    try {
      await migrate(db);
      await dropOldTestJobSchemas(db);
    } finally {
      await db.close();
    }
    project.provide('embeddedTemplate', '');
    return assertLogsHoldNoPersonalData;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hinan-template-'));
  const file = path.join(dir, 'template.tar');
  const db = await openEmbedded(undefined);
  try {
    await migrate(db);
    await writeFile(file, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('embeddedTemplate', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
    await assertLogsHoldNoPersonalData();
  };
}
