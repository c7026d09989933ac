import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import type { Logger } from '../../logger.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { HqTotalsBroadcaster } from './hq.live.js';
import { hqRoutes } from './hq.routes.js';
import { HqService } from './hq.service.js';
import { NanaoTimeline } from './hq.timeline.js';

/** HQ's live map aggregates: totals (pushed while HQ watches), unaccounted heat, the Nanao timeline. */
export function registerHq(api: ApiRouter, deps: { db: Database; io: RealtimeServer; logger: Logger }) {
  const hq = new HqService(deps.db);
  const timeline = new NanaoTimeline();
  hqRoutes(api, { db: deps.db, hq, timeline });
  const broadcaster = new HqTotalsBroadcaster(hq, deps.io, deps.logger);
  broadcaster.start();
  deps.io.httpServer?.once('close', () => broadcaster.close());
  return { hq, broadcaster };
}
