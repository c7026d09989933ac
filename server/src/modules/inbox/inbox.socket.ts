import type { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from '../../http/nul-character.js';
import type { Logger } from '../../logger.js';
import type { InboxAck } from '../../realtime/events.js';
import type { RealtimeServer, RealtimeSocket } from '../../realtime/socket-server.js';
import { receiptPayload, respondPayload } from '@contract/inbox/inbox.schema.js';
import type { InboxService } from './inbox.service.js';

/**
 * Receipts over the resident's socket: `inbox:delivered`, `inbox:read`, `inbox:respond`, each
 * validated and acknowledged with `{ ok: true }` or `{ error: { id, message } }`.
 */
export function attachInboxHandlers(io: RealtimeServer, inbox: InboxService, logger: Logger): void {
  io.on('connection', (socket: RealtimeSocket) => {
    const user = socket.data.user;
    if (!user?.residentId) return;

    function handle<S extends z.ZodType>(schema: S, work: (payload: z.output<S>) => Promise<void>) {
      return (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (result: InboxAck) => void) : () => undefined;
        const nul = pathOfNulCharacter(payload, 'payload');
        if (nul) {
          reply({ error: { id: 'invalid_character', message: `${nul} ${NUL_CHARACTER_MESSAGE}` } });
          return;
        }
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          reply({
            error: {
              id: 'validation_failed',
              message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            },
          });
          return;
        }
        work(parsed.data)
          .then(() => reply({ ok: true }))
          .catch((error: unknown) => {
            if (error instanceof AppError) {
              reply({ error: { id: error.id, message: error.message } });
              return;
            }
            logger.error({ err: error }, 'inbox socket handler failed');
            reply({
              error: { id: 'internal_error', message: 'Something went wrong on our side; try again.' },
            });
          });
      };
    }

    socket.on(
      'inbox:delivered',
      handle(receiptPayload, (p) => inbox.receipt(user, p, false)),
    );
    socket.on(
      'inbox:read',
      handle(receiptPayload, (p) => inbox.receipt(user, p, true)),
    );
    socket.on(
      'inbox:respond',
      handle(respondPayload, (p) =>
        inbox.respond(user, p.position, {
          response: p.response,
          note: p.note || null,
          location: p.location ?? null,
        }),
      ),
    );
  });
}
