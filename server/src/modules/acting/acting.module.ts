import type { ServerModule } from '../server-module.js';
import { ReportService } from '../family/reports.service.js';
import { Catalogue } from '../relief/catalogue.js';
import { ReliefService } from '../relief/relief.service.js';
import { actingRoutes } from './acting.routes.js';
import { ActingService } from './acting.service.js';
import { designeeActingRoutes } from './designee-acting.routes.js';
import { DesigneeActingService } from './designee-acting.service.js';

/**
 * Acting for a resident (代理): staff acting sessions at counters and shelters, and designees the
 * person allows to act for them. Built on the relief and family services; every act is written
 * to the person's access log.
 */
export const actingModule: ServerModule = {
  name: 'acting',
  register({ api, db, io, config }) {
    const relief = new ReliefService(db, io, new Catalogue(db), {
      draftsPerResident: config.RELIEF_DRAFTS_PER_RESIDENT,
      draftsPerHousehold: config.RELIEF_DRAFTS_PER_HOUSEHOLD,
      attachmentBytesPerResident: config.RELIEF_ATTACHMENT_BYTES_PER_RESIDENT,
      attachmentBytesPerHousehold: config.RELIEF_ATTACHMENT_BYTES_PER_HOUSEHOLD,
    });
    const acting = new ActingService(db, new ReportService(db, io), config.ACTING_SESSION_MINUTES);
    actingRoutes(api, { acting, relief });
    designeeActingRoutes(api, { designees: new DesigneeActingService(db), relief });
  },
};
