import type { ServerModule } from '../server-module.js';
import { peopleRoutes } from './people.routes.js';

/** People at shelters: search, profiles, cards, walk-ins. Register before the family module. */
export const peopleModule: ServerModule = {
  name: 'people',
  register({ api, db, checkins, io }) {
    peopleRoutes(api, { db, checkins, io });
  },
};
