import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { openPostgres } from './postgres.js';

/** PostgreSQL + PostGIS when DATABASE_URL is set; otherwise the embedded database under DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'dataDir'>,
): Promise<Database> {
  if (config.DATABASE_URL) {
    return openPostgres({ connectionString: config.DATABASE_URL, maxConnections: config.DATABASE_POOL_SIZE });
  }
  return openEmbedded(path.join(config.dataDir, 'pglite'));
}
