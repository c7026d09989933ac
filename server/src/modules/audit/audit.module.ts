import type { ServerModule } from '../server-module.js';
import { auditRoutes } from './audit.routes.js';

/** The person's own access log and the administrator's check of its hash chain. */
export const auditModule: ServerModule = {
  name: 'audit',
  register({ api, db }) {
    auditRoutes(api, db);
  },
};
