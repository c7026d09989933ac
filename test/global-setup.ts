/**
 * With DATABASE_URL set, the suite runs against PostgreSQL + PostGIS: migrate it once up front so
 * the test files (run one after another) all find the schema. Without it every file opens its own
 * in-memory embedded database.
 */
import { migrate } from '../server/src/db/migrate.js';
import { openPostgres } from '../server/src/db/postgres.js';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const db = openPostgres({ connectionString: url, maxConnections: 2 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}
