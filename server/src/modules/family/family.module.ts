import type { ServerModule } from '../server-module.js';
import { designationRoutes } from './designations.routes.js';
import { DesignationService } from './designations.service.js';
import { familyRoutes } from './family.routes.js';
import { FamilyService } from './family.service.js';
import { FamilyRooms } from './family.socket.js';
import { LookupService } from './lookup.service.js';
import { ReportService } from './reports.service.js';
import { staffLookupRoutes } from './staff.routes.js';

/**
 * Family safety lookup: the resident portal's routes, designees, staff/HQ lookups and the live
 * family rooms. Register after the people module's routes (/people/search before /people/:id).
 */
export const familyModule: ServerModule = {
  name: 'family',
  register({ api, db, io, logger, config }) {
    const familyRooms = new FamilyRooms(db, io, logger);
    familyRooms.attach();
    const reports = new ReportService(db, io);
    familyRoutes(
      api,
      new FamilyService(db, familyRooms, { sessionIdleMinutes: config.SESSION_IDLE_MINUTES }),
      reports,
    );
    designationRoutes(api, new DesignationService(db, io, familyRooms));
    staffLookupRoutes(api, new LookupService(db), reports);
  },
};
