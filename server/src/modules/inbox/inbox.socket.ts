import type { RealtimeServer, RealtimeSocket } from '../../realtime/socket-server.js';
import { socketEventsOf } from '../../realtime/socket-server.js';
import { residentOf } from '../../policies/index.js';
import { receiptPayload, respondPayload } from '@contract/inbox/inbox.schema.js';
import type { InboxService } from './inbox.service.js';

const OK = { ok: true } as const;

/**
 * Receipts over the resident's socket: `inbox:delivered`, `inbox:read`, `inbox:respond`, each
 * validated and acknowledged with `{ ok: true }` or `{ error: { id, message } }`
 * (realtime/socket-handler.ts).
 */
export function attachInboxHandlers(io: RealtimeServer, inbox: InboxService): void {
  io.on('connection', (socket: RealtimeSocket) => {
    const resident = residentOf(socket.data.user);
    if (!resident) return;
    const { user } = resident;
    const events = socketEventsOf(socket);

    events.on('inbox:delivered', {
      schema: receiptPayload,
      handle: async (p) => {
        await inbox.receipt(user, p, false);
        return OK;
      },
    });
    events.on('inbox:read', {
      schema: receiptPayload,
      handle: async (p) => {
        await inbox.receipt(user, p, true);
        return OK;
      },
    });
    events.on('inbox:respond', {
      schema: respondPayload,
      handle: async (p) => {
        await inbox.respond(user, p.position, {
          response: p.response,
          note: p.note || null,
          location: p.location ?? null,
        });
        return OK;
      },
    });
  });
}
