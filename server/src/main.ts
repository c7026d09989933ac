import { ConfigError, loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { createLogger } from './logger.js';
import { ensureDemoData } from './modules/demo/demo-seed.js';
import { listen } from './server.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config);
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const demo = await ensureDemoData(db, config, logger);
  const server = await listen({ config, db, logger });

  const lines = [
    '',
    `  Disaster support system is running at ${server.url}`,
    `  Database: ${db.kind === 'embedded' ? `embedded PostgreSQL + PostGIS in ${config.dataDir}` : 'PostgreSQL + PostGIS'}`,
    `  Started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    ...(demo.logins.length > 0
      ? [
          '',
          '  Demo logins (username / password — role):',
          ...demo.logins.map((l) => `    ${l.username} / ${l.password}  — ${l.description}`),
        ]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    server
      .close()
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
