import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { noticeRoutes } from './notices.routes.js';
import { NoticeService } from './notices.service.js';
import { NoticeSettingsService } from './settings.service.js';

export { purgeExpiredNotices } from './notices.service.js';

/** Notices targeted by attributes (staff and HQ) and each resident's notice settings. */
export function registerNotices(api: ApiRouter, deps: { db: Database; io: RealtimeServer }): NoticeService {
  const notices = new NoticeService(deps.db, deps.io);
  noticeRoutes(api, notices, new NoticeSettingsService(deps.db));
  return notices;
}
