import type { ServerModule } from '../server-module.js';
import { accountRoutes } from './account.routes.js';
import { authRoutes } from './auth.routes.js';

/** Signing in and out, and the signed-in user's own account (password, sessions). */
export const authModule: ServerModule = {
  name: 'auth',
  register({ api, auth, config, db, io }) {
    authRoutes(api, auth, config);
    accountRoutes(api, { db, io, config, auth });
  },
};
