import type { ServerModule } from '../server-module.js';
import { shelterRoutes } from './shelters.routes.js';

/** Shelters and their occupancy for the maps. */
export const sheltersModule: ServerModule = {
  name: 'shelters',
  register({ api, db }) {
    shelterRoutes(api, db);
  },
};
