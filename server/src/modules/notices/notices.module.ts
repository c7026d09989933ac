import type { ServerModule } from '../server-module.js';
import { noticeRoutes } from './notices.routes.js';
import { NoticeService } from './notices.service.js';
import { NoticeSettingsService } from './settings.service.js';

export { purgeExpiredNotices } from './notices.service.js';

/** Notices targeted by attributes (staff and HQ) and each resident's notice settings. */
export const noticesModule: ServerModule = {
  name: 'notices',
  register({ api, db, io, jobs }) {
    noticeRoutes(api, new NoticeService(db, io, jobs), new NoticeSettingsService(db));
  },
};
