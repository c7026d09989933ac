import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import type { Logger } from '../../logger.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { inboxRoutes } from '../inbox/inbox.routes.js';
import { InboxService } from '../inbox/inbox.service.js';
import { attachInboxHandlers } from '../inbox/inbox.socket.js';
import { alertRoutes } from './alerts.routes.js';
import { AlertService } from './alerts.service.js';
import { AlertStatsPublisher } from './alerts.stats.js';
import { NeedHelpService } from './need-help.service.js';

export { capXmlBodyParser } from './alerts.routes.js';

/** Warnings and the inbox they land in: REST routes, socket receipts, live HQ counts. */
export function registerAlerts(
  api: ApiRouter,
  deps: { db: Database; io: RealtimeServer; logger: Logger; publicBaseUrl: string },
) {
  const stats = new AlertStatsPublisher(deps.db, deps.io, deps.logger);
  const alerts = new AlertService(deps.db, deps.io, stats, deps.logger);
  const inbox = new InboxService(deps.db, deps.io, stats);
  alertRoutes(api, alerts, new NeedHelpService(deps.db, deps.io), deps.publicBaseUrl);
  inboxRoutes(api, inbox);
  attachInboxHandlers(deps.io, inbox);
  deps.io.httpServer?.once('close', () => stats.close());
  return { alerts, inbox, stats };
}
