import type { ServerModule } from '../server-module.js';
import { inboxRoutes } from './inbox.routes.js';
import { InboxService } from './inbox.service.js';
import { attachInboxHandlers } from './inbox.socket.js';

/** A resident's inbox: catch-up, receipts and answers over REST and the socket; HQ's live counts. */
export const inboxModule: ServerModule = {
  name: 'inbox',
  register({ api, db, io, alertStats }) {
    const inbox = new InboxService(db, io, alertStats);
    inboxRoutes(api, inbox);
    attachInboxHandlers(io, inbox);
  },
};
