/** `npm run migrate`: applies pending migrations to the configured database and lists them. */
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';

const db = await openDatabase(loadConfig());
try {
  const applied = await migrate(db);
  process.stdout.write(
    applied.length ? `Applied:\n${applied.map((name) => `  ${name}`).join('\n')}\n` : 'Up to date.\n',
  );
} catch (error) {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
