import type { ServerModule } from '../server-module.js';
import { HqTotalsBroadcaster } from './hq.live.js';
import { hqRoutes } from './hq.routes.js';
import { HqService } from './hq.service.js';
import { NanaoTimeline } from './hq.timeline.js';

/** HQ's live map aggregates: totals (pushed while HQ watches), unaccounted heat, the Nanao timeline. */
export const hqModule: ServerModule = {
  name: 'hq',
  register({ api, db, io, logger }) {
    const hq = new HqService(db);
    hqRoutes(api, { db, hq, timeline: new NanaoTimeline() });
    const broadcaster = new HqTotalsBroadcaster(hq, io, logger);
    broadcaster.start();
    io.httpServer?.once('close', () => broadcaster.close());
  },
};
