import type { Database, Queryable } from '../db/database.js';
import { Outbox } from './publisher.js';
import type { RealtimeServer } from './socket-server.js';

export interface TransactionHooks {
  /** Runs right after the commit, before the events go out (the warning send times its phases). */
  committed?: () => void;
}

/**
 * Runs `work` in one transaction and hands it an outbox for the events the change produces. The
 * events go out right after the commit, and never when the work throws or the commit fails: no
 * client hears of a change that was rolled back. This and `withEvents` are the only places that
 * send an outbox.
 */
export async function transactionWithEvents<T>(
  db: Database,
  io: RealtimeServer | undefined,
  work: (tx: Queryable, outbox: Outbox) => Promise<T>,
  hooks: TransactionHooks = {},
): Promise<T> {
  const outbox = new Outbox();
  const result = await db.transaction((tx) => work(tx, outbox));
  hooks.committed?.();
  outbox.flush(io);
  return result;
}

/**
 * For work whose statements commit one by one (a single UPDATE, then a read of what it changed):
 * the events go out once the work has finished, and not at all when it throws.
 */
export async function withEvents<T>(
  io: RealtimeServer | undefined,
  work: (outbox: Outbox) => Promise<T>,
): Promise<T> {
  const outbox = new Outbox();
  const result = await work(outbox);
  outbox.flush(io);
  return result;
}
