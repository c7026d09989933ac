import type { ServerModule } from '../server-module.js';
import { alertRoutes } from './alerts.routes.js';
import { AlertService } from './alerts.service.js';
import { NeedHelpService } from './need-help.service.js';

export { capXmlBodyParser } from './alerts.routes.js';

/** Warnings: issuing (CAP or drawn areas), the Atom index, need-help responses for HQ. */
export const alertsModule: ServerModule = {
  name: 'alerts',
  register({ api, config, db, io, logger, alertStats, jobs }) {
    const alerts = new AlertService(db, io, alertStats, logger, jobs);
    alertRoutes(api, alerts, new NeedHelpService(db, io), config.publicBaseUrl);
  },
};
