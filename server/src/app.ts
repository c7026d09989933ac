import { createServer, type Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './db/unavailable.js';
import { errorHandler } from './http/error-handler.js';
import { notFound } from './http/errors.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { requestLog } from './http/request-log.js';
import { ApiRouter } from './http/route.js';
import { serveClient } from './http/static-client.js';
import type { Logger } from './logger.js';
import { sessionMiddleware } from './modules/auth/auth.middleware.js';
import { accountRoutes } from './modules/auth/account.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { shelterRoutes } from './modules/shelters/shelters.routes.js';
import { createRealtimeServer, type RealtimeServer } from './realtime/socket-server.js';
import { CheckinService } from './modules/checkins/checkins.service.js';
import { readerRoutes } from './modules/readers/readers.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { consoleRoutes } from './modules/console/console.routes.js';
import { ReaderService } from './modules/readers/readers.service.js';
import { attachReaderNamespace } from './modules/readers/readers.socket.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { exportRoutes } from './modules/exports/exports.routes.js';
import { registerFamily } from './modules/family/family.module.js';
import { capXmlBodyParser, registerAlerts } from './modules/alerts/alerts.module.js';
import { registerNotices } from './modules/notices/notices.module.js';
import { registerHq } from './modules/hq/hq.module.js';
import { registerRelief } from './modules/relief/relief.module.js';
import { resolveSecrets } from './secrets.js';
import type { RedisConnections } from './realtime/redis.js';

export const APP_VERSION = '0.1.0';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Set when REDIS_URL is: Socket.IO events and login rate limits are shared between nodes. */
  redis?: RedisConnections | null;
}

export interface App {
  express: Express;
  httpServer: HttpServer;
  io: RealtimeServer;
  api: ApiRouter;
  auth: AuthService;
  checkins: CheckinService;
  readers: ReaderService;
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
export function createApp({ config, db, logger, redis = null }: AppDeps): App {
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
  });
  const checkins = new CheckinService(db, secrets.cardTokenSecret, io);
  const readers = new ReaderService(db);
  attachReaderNamespace(io, readers, checkins, logger);
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(helmet({ contentSecurityPolicy: contentSecurityPolicy(config) }));
  app.use(requestLog(logger));

  const api = new ApiRouter();
  systemRoutes(api, { db, config, version: APP_VERSION });
  authRoutes(api, auth, config);
  accountRoutes(api, { db, io, config, auth });
  shelterRoutes(api, db);
  readerRoutes(api, readers, checkins);
  peopleRoutes(api, { db, checkins, io });
  consoleRoutes(api, { db, io });
  // After peopleRoutes: /people/search must match before /people/:residentId.
  registerFamily(api, { db, io, logger, sessionIdleMinutes: config.SESSION_IDLE_MINUTES });
  auditRoutes(api, db);
  exportRoutes(api, db);
  registerAlerts(api, { db, io, logger });
  registerRelief(api, { db, io, config });
  registerNotices(api, { db, io });
  registerHq(api, { db, io, logger });
  api.route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tags: ['system'],
    access: 'public',
    response: z.record(z.string(), z.unknown()),
    handler: () => Promise.resolve(buildOpenApiDocument(api.specs, APP_VERSION)),
  });

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

  return { express: app, httpServer, io, api, auth, checkins, readers };
}
