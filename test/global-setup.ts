/**
 * With DATABASE_URL set, the suite runs against PostgreSQL + PostGIS: migrate it once up front so
 * the test files (run one after another) all find the schema. Without it, every test file gets its
 * own in-memory embedded database, started from a migrated template made here once (creating the
 * PostGIS extension and running migrations is most of an embedded start).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openEmbedded } from '../server/src/db/embedded.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPostgres } from '../server/src/db/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = openPostgres({ connectionString: url, maxConnections: 2 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    project.provide('embeddedTemplate', '');
    return undefined;
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
  return () => rm(dir, { recursive: true, force: true });
}
