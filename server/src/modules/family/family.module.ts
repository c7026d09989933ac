import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import type { Logger } from '../../logger.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
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
export function registerFamily(
  api: ApiRouter,
  deps: { db: Database; io: RealtimeServer | undefined; logger: Logger; sessionIdleMinutes: number },
): FamilyRooms {
  const familyRooms = new FamilyRooms(deps.db, deps.io, deps.logger);
  familyRooms.attach();
  const reports = new ReportService(deps.db, deps.io);
  familyRoutes(
    api,
    new FamilyService(deps.db, familyRooms, { sessionIdleMinutes: deps.sessionIdleMinutes }),
    reports,
  );
  designationRoutes(api, new DesignationService(deps.db, deps.io, familyRooms));
  staffLookupRoutes(api, new LookupService(deps.db), reports);
  return familyRooms;
}
