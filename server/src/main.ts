import { ConfigError, loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { untilDatabaseAnswers } from './db/unavailable.js';
import { openDatabase } from './db/open.js';
import { createLogger } from './logger.js';
import { ensureDemoData } from './modules/demo/demo-seed.js';
import { connectRedis, redactedRedisUrl } from './realtime/redis.js';
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
  const applied = await untilDatabaseAnswers(
    () => migrate(db),
    (_error, delayMs) => logger.warn({ retryInMs: delayMs }, 'database not reachable yet; waiting for it'),
  );
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const demo = await ensureDemoData(db, config, logger);
  const redis = config.REDIS_URL
    ? await connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, logger)
    : null;
  // The server's job engine starts with it and runs the periodic jobs and every queue's workers.
  const server = await listen({ config, db, logger, redis });
  const lines = [
    '',
    `  Disaster support system is running at ${server.url}`,
    `  Database: ${db.kind === 'embedded' ? `embedded PostgreSQL + PostGIS in ${config.dataDir}` : 'PostgreSQL + PostGIS'}`,
    `  Real-time: ${config.REDIS_URL ? `shared through Redis at ${redactedRedisUrl(config.REDIS_URL)}` : 'this process only'}`,
    `  Started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    ...(demo.logins.length > 0
      ? [
          '',
          '  Demo logins (username / password — role):',
          ...demo.logins.map((l) => `    ${l.username} / ${l.password}  — ${l.description}`),
        ]
      : []),
    ...(demo.enrolment[0]
      ? [
          '',
          '  Join as a resident without an account (enrolment code and birth date):',
          // By name (PUBLIC_BASE_URL, else localhost): browsers refuse an IP address as a passkey's site.
          `    ${config.publicBaseUrl}/#/enrol?code=${demo.enrolment[0].code}  — born ${demo.enrolment[0].birthDate}`,
          `    ${demo.enrolment.length} demo codes in ${config.dataDir}/demo-enrolment.json`,
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
    // Closing the server also stops its job engine, after the jobs in progress (graceful).
    server
      .close()
      .then(() => redis?.close())
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
