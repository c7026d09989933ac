import { ConfigError, loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';

/**
 * The database a command-line tool works on: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded one under DATA_DIR (default `data/`). Migrated before it is handed out.
 */
export async function openCliDatabase(): Promise<Database> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const db = await openDatabase({ ...config, DATABASE_POOL_SIZE: 4 });
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
