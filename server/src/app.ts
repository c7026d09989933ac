import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './db/unavailable.js';
import { errorHandler } from './http/error-handler.js';
import { notFound } from './http/errors.js';
import { requestLog } from './http/request-log.js';
import { ApiRouter } from './http/route.js';
import { serveClient } from './http/static-client.js';
import type { Logger } from './logger.js';
import { capXmlBodyParser, alertsModule } from './modules/alerts/alerts.module.js';
import { AlertStatsPublisher } from './modules/alerts/alerts.stats.js';
import { auditModule } from './modules/audit/audit.module.js';
import { sessionMiddleware } from './modules/auth/auth.middleware.js';
import { authModule } from './modules/auth/auth.module.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CheckinService } from './modules/checkins/checkins.service.js';
import { enrolmentModule } from './modules/enrolment/enrolment.module.js';
import { kioskModule } from './modules/kiosk/kiosk.module.js';
import { actingModule } from './modules/acting/acting.module.js';
import { JobEngine } from './modules/jobs/job-engine.js';
import { jobsModule } from './modules/jobs/jobs.module.js';
import { consoleModule } from './modules/console/console.module.js';
import { contactsModule } from './modules/contacts/contacts.module.js';
import {
  buildChannelSenders,
  createChannelSenders,
  type ChannelSenders,
  type ProtocolSenders,
} from './modules/delivery/channel-senders.js';
import { deliveryModule } from './modules/delivery/delivery.module.js';
import { exportsModule } from './modules/exports/exports.module.js';
import { familyModule } from './modules/family/family.module.js';
import { hqModule } from './modules/hq/hq.module.js';
import { inboxModule } from './modules/inbox/inbox.module.js';
import { noticesModule } from './modules/notices/notices.module.js';
import { peopleModule } from './modules/people/people.module.js';
import { pushModule } from './modules/push/push.module.js';
import { postModule } from './modules/post/post.module.js';
import { readersModule } from './modules/readers/readers.module.js';
import { ReaderService } from './modules/readers/readers.service.js';
import { reliefModule } from './modules/relief/relief.module.js';
import type { ModuleContext, ServerModule } from './modules/server-module.js';
import { sheltersModule } from './modules/shelters/shelters.module.js';
import { openApiModule, systemModule } from './modules/system/system.module.js';
import { visitsModule } from './modules/visits/visits.module.js';
import type { RedisConnections } from './realtime/redis.js';
import { createRealtimeServer, type RealtimeServer } from './realtime/socket-server.js';
import { resolveSecrets } from './secrets.js';

export const APP_VERSION = '0.1.0';

/**
 * Every module of the API, in the order their routes match. Order matters where paths overlap:
 * people before family (/people/search must match before /people/:residentId), and the OpenAPI
 * document last.
 */
const MODULES: readonly ServerModule[] = [
  systemModule,
  authModule,
  sheltersModule,
  readersModule,
  peopleModule,
  consoleModule,
  familyModule,
  auditModule,
  exportsModule,
  alertsModule,
  inboxModule,
  deliveryModule,
  reliefModule,
  noticesModule,
  hqModule,
  enrolmentModule,
  kioskModule,
  visitsModule,
  actingModule,
  contactsModule,
  pushModule,
  postModule,
  jobsModule,
  openApiModule,
];

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Set when REDIS_URL is: Socket.IO events and login rate limits are shared between nodes. */
  redis?: RedisConnections | null;
  /** The channels' senders; by default built from the configuration (buildChannelSenders). */
  channelSenders?: ChannelSenders;
}

export interface App {
  express: Express;
  httpServer: HttpServer;
  io: RealtimeServer;
  api: ApiRouter;
  auth: AuthService;
  checkins: CheckinService;
  readers: ReaderService;
  /** Started by `listen` before the port opens, stopped by its `close`. */
  jobs: JobEngine;
  /** E-mail and SMS senders; `listen` starts the SMPP link and `close` ends both. */
  channels: ProtocolSenders;
  channelSenders: ChannelSenders;
}

function contentSecurityPolicy(config: Config) {
  const tileOrigin = config.MAP_TILE_URL
    ? new URL(config.MAP_TILE_URL.replace(/\{[a-z]\}/g, 'a')).origin
    : undefined;
  return {
    directives: {
      'img-src': ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
      'connect-src': ["'self'"],
    },
  };
}

/** Builds the HTTP app and the Socket.IO server on one port. Tests call this and listen on port 0. */
export function createApp({ config, db, logger, redis = null, ...deps }: AppDeps): App {
  const auth = new AuthService(
    db,
    { idleMinutes: config.SESSION_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS },
    redis && { redis: redis.command, keyPrefix: redis.keyPrefix, logger },
  );
  const secrets = resolveSecrets(config);
  const app = express();
  const httpServer = createServer(app);
  const io = createRealtimeServer(httpServer, auth, logger, undefined, {
    redis,
    transports: config.SOCKET_TRANSPORTS === 'websocket' ? ['websocket'] : ['polling', 'websocket'],
    trustProxyHops: config.TRUST_PROXY,
    allowedOrigins: [new URL(config.publicBaseUrl).origin, ...config.SOCKET_ALLOWED_ORIGINS],
  });
  const checkins = new CheckinService(db, secrets.cardTokenSecret, io);
  const readers = new ReaderService(db);
  const alertStats = new AlertStatsPublisher(db, io, logger);
  const jobs = new JobEngine(db, logger, { schema: config.JOBS_SCHEMA, schedules: config.JOB_SCHEDULES });
  const channels = createChannelSenders(config, logger);
  const channelSenders = deps.channelSenders ?? buildChannelSenders(config, channels);
  io.httpServer?.once('close', () => alertStats.close());
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(helmet({ contentSecurityPolicy: contentSecurityPolicy(config) }));
  app.use(requestLog(logger));

  const api = new ApiRouter();
  const context: ModuleContext = {
    api,
    config,
    db,
    io,
    logger,
    version: APP_VERSION,
    auth,
    checkins,
    readers,
    alertStats,
    redis,
    jobs,
    channels,
    channelSenders,
  };
  for (const module of MODULES) module.register(context);

  app.get('/healthz', async (_req, res) => {
    try {
      const { rows } = await db.query<{ version: string }>('SELECT postgis_lib_version() AS version');
      res.json({ status: 'ok', database: db.kind, postgis: rows[0]?.version ?? 'unknown' });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Degraded, not dead: the process stays up and recovers by itself when the database returns.
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'degraded', database: db.kind, reason: 'database_unavailable' });
    }
  });
  // CAP XML import reads its own body type; mounted before the JSON parser.
  app.use('/api/alerts/cap', capXmlBodyParser());
  app.use(
    '/api',
    express.json({ limit: '100kb', strict: true }),
    sessionMiddleware(auth),
    api.router,
    (_req: express.Request) => {
      throw notFound('API route');
    },
  );
  serveClient(app);
  app.use(errorHandler(logger));

  return { express: app, httpServer, io, api, auth, checkins, readers, jobs, channels, channelSenders };
}
