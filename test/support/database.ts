import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import type { Database } from '../../server/src/db/database.js';
import { openEmbedded } from '../../server/src/db/embedded.js';
import { migrate } from '../../server/src/db/migrate.js';
import { openPostgres } from '../../server/src/db/postgres.js';

/**
 * PostgreSQL + PostGIS when DATABASE_URL is set, else a fresh in-memory embedded database started
 * from the migrated template the global setup made (migrate still runs: it must find nothing to do).
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  let db: Database;
  if (url) db = openPostgres({ connectionString: url, maxConnections: 10 });
  else {
    const template = inject('embeddedTemplate');
    db = template
      ? await openEmbedded(undefined, { loadDataDir: new Blob([await readFile(template)]) })
      : await openEmbedded(undefined);
  }
  await migrate(db);
  return db;
}
