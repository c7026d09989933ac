import type { ServerModule } from '../server-module.js';
import { readerRoutes } from './readers.routes.js';
import { attachReaderNamespace } from './readers.socket.js';

/** Card readers: registration by staff (REST) and the readers' own connections (`/readers`). */
export const readersModule: ServerModule = {
  name: 'readers',
  register({ api, io, readers, checkins, logger }) {
    attachReaderNamespace(io, readers, checkins, logger);
    readerRoutes(api, readers, checkins);
  },
};
