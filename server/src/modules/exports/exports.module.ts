import type { ServerModule } from '../server-module.js';
import { exportRoutes } from './exports.routes.js';

/** HQ's exports to other systems: ANPI CSV and PFIF. */
export const exportsModule: ServerModule = {
  name: 'exports',
  register({ api, db }) {
    exportRoutes(api, db);
  },
};
