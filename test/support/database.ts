import type { Database } from '../../server/src/db/database.js';
import { openEmbedded } from '../../server/src/db/embedded.js';
import { migrate } from '../../server/src/db/migrate.js';
import { openPostgres } from '../../server/src/db/postgres.js';

/** PostgreSQL + PostGIS when DATABASE_URL is set, else a fresh in-memory embedded database. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const db = url ? openPostgres({ connectionString: url, maxConnections: 10 }) : await openEmbedded(undefined);
  await migrate(db);
  return db;
}
