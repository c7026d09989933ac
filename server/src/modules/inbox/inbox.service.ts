import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import { NOT_A_RESIDENT, requireResident } from '../../policies/index.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { transactionWithEvents, withEvents } from '../../realtime/transaction.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { AlertStatsPublisher } from '../alerts/alerts.stats.js';
import { presentNeedHelp } from '../alerts/need-help.presenter.js';
import { findNeedHelp } from '../alerts/need-help.queries.js';
import { closeVisitTasks } from '../visits/visit-closing.js';
import { awaitPendingEntries } from './inbox-writers.js';
import { ReceiptBatcher } from './receipt-batch.js';
import {
  alertFootprint,
  findInboxEntry,
  listInbox,
  respond,
  type ReceiptRequest,
  type InboxRow,
  type RespondInput,
} from './inbox.queries.js';

const residentOf = (user: SessionUser) => requireResident(user, NOT_A_RESIDENT.inbox).residentId;

const noEntry = () => notFound('Inbox entry');

/**
 * A resident's inbox: catch-up after reconnect, receipts (delivered, read) and responses. Only the
 * owner reaches an entry (queries filter by the signed-in resident); HQ hears of every change
 * through throttled counts and need-help pins.
 */
export class InboxService {
  private readonly receipts: ReceiptBatcher;

  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer,
    private readonly stats: AlertStatsPublisher,
  ) {
    this.receipts = new ReceiptBatcher(db);
  }

  // Every operation first waits for warning entries still being written (see awaitPendingEntries):
  // the push that prompts a read or a receipt can arrive before them.

  async list(user: SessionUser, after: number, limit: number): Promise<InboxRow[]> {
    const residentId = residentOf(user);
    await awaitPendingEntries(this.db);
    return listInbox(this.db, residentId, after, limit);
  }

  async get(user: SessionUser, position: number): Promise<{ entry: InboxRow; footprint: string | null }> {
    const residentId = residentOf(user);
    await awaitPendingEntries(this.db);
    const entry = await findInboxEntry(this.db, residentId, position);
    if (!entry) throw noEntry();
    return { entry, footprint: entry.alert_id ? await alertFootprint(this.db, entry.alert_id) : null };
  }

  /** Delivered (or read) receipt; resolves once it is committed (receipts are written in batches). */
  async receipt(user: SessionUser, target: ReceiptRequest['target'], read: boolean): Promise<void> {
    const updated = await this.receipts.submit({ residentId: residentOf(user), target, read });
    if (!updated) throw noEntry();
    if (updated.alert_id && updated.changed) this.stats.touch(updated.alert_id);
  }

  async respond(user: SessionUser, position: number, input: RespondInput): Promise<void> {
    const residentId = residentOf(user);
    await awaitPendingEntries(this.db);
    // An answer reaches HQ by itself: the person's visits for this warning chain close with it.
    const updated = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const answered = await respond(tx, residentId, position, input);
      if (answered) {
        await closeVisitTasks(tx, outbox, {
          residentIds: [residentId],
          event: 'response',
          lineageOf: answered.alert_id,
        });
      }
      return answered;
    });
    if (!updated) {
      const entry = await findInboxEntry(this.db, residentId, position);
      if (!entry) throw noEntry();
      throw new AppError(409, 'not_respondable', 'Only a warning can be answered, not a cancellation.');
    }
    this.stats.touch(updated.alert_id);
    if (input.response !== 'need_help' && updated.previous !== 'need_help') return;
    await withEvents(this.io, async (outbox) => {
      const pin = await findNeedHelp(this.db, position);
      if (!pin) return;
      const state = input.response === 'need_help' ? 'open' : 'withdrawn';
      outbox.add(rooms.hq, 'alert:need-help', presentNeedHelp(pin, state));
    });
  }
}
