import path from 'node:path';
import type { Database } from '../db/database.js';
import { openEmbedded } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';

/**
 * The database a command-line tool works on: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded one under DATA_DIR (default `data/`). Migrated before it is handed out.
 */
export async function openCliDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const db = url
    ? openPostgres({ connectionString: url, maxConnections: 4 })
    : await openEmbedded(path.resolve(process.env.DATA_DIR ?? 'data', 'pglite'));
  await migrate(db);
  return db;
}

/** Runs a command with an open database, closing it afterwards and setting the exit code on failure. */
export async function runWithDatabase(command: (db: Database) => Promise<void>): Promise<void> {
  const db = await openCliDatabase();
  try {
    await command(db);
  } catch (error) {
    process.exitCode = 1;
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await db.close();
  }
}
