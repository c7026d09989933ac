import type { ServerModule } from '../server-module.js';
import { consoleRoutes } from './console.routes.js';

/** The shelter console: settings, occupants, the live list of arrivals and departures. */
export const consoleModule: ServerModule = {
  name: 'console',
  register({ api, db, io }) {
    consoleRoutes(api, { db, io });
  },
};
