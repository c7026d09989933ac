import type { Database, Queryable } from '../../db/database.js';

/**
 * Arbitrary constant shared by every writer of inbox_items (warnings, notices, relief). Migration
 * 0020 takes the same lock when residents are deleted (inbox rows are removed by a trigger, not a
 * foreign key), so every writer must take it before reading who to write for.
 */
const INBOX_WRITE_LOCK = 72_240_108;

/**
 * Serialises transactions that add inbox entries, so positions (identity values) become visible
 * in increasing order. Without it a client could see position 12 committed, catch up "after 12",
 * and never hear of position 11 from a transaction that committed a moment later.
 *
 * Then writes the rows of warnings whose entries are still pending (migration 0024): they hold
 * lower positions than anything this writer will add, so they must become visible no later.
 * Resolves to the number of those rows.
 */
export async function lockInboxWriters(tx: Queryable): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [INBOX_WRITE_LOCK]);
  return expandPendingEntries(tx);
}

/**
 * Writes the rows of every warning entry set still pending (see lockInboxWriters), in a
 * transaction of its own; resolves to the number of rows written. The sender calls it after its
 * push; a scheduled job catches what a crash left between a send's commit and this.
 */
export function writePendingEntries(db: Database): Promise<number> {
  return db.transaction(lockInboxWriters);
}

/**
 * One inbox row per person of every pending set, at its reserved position; the sets are removed.
 * Rows go in by resident, as a send wrote them before the sets: the inbox's indexes on the
 * resident are filled in order (for a city of 450,000, a quarter faster than in the sets' order).
 * A person deleted since the send is a NULL in the set (migration 0024) and gets no row.
 *
 * `guarded` also drops entries whose resident is gone or that exist already: the fallback for a
 * set that a delete outside that rule (another isolation level, triggers disabled for a restore)
 * left naming someone who no longer exists. Without it, that one set would fail every inbox
 * writer and reader from then on.
 */
const expansion = (guarded: boolean) => `
  WITH expanded AS (DELETE FROM inbox_pending RETURNING *)
  INSERT INTO inbox_items (id, resident_id, kind, alert_id, lineage_id, action, created_at)
  OVERRIDING SYSTEM VALUE
  SELECT e.first_position + u.i - 1, u.resident_id, 'alert', e.alert_id, e.lineage_id, e.action, e.created_at
  FROM expanded e, unnest(e.resident_ids) WITH ORDINALITY AS u (resident_id, i)
  WHERE u.resident_id IS NOT NULL
    ${guarded ? 'AND EXISTS (SELECT 1 FROM residents r WHERE r.id = u.resident_id)' : ''}
  ORDER BY u.resident_id
  ${guarded ? 'ON CONFLICT DO NOTHING' : ''}`;

/** Under the inbox writers' lock. Usually nothing is pending: one small query. */
async function expandPendingEntries(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ pending: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM inbox_pending) AS pending',
  );
  if (!rows[0]?.pending) return 0;
  await tx.query('SAVEPOINT inbox_pending_rows');
  try {
    const { rowCount } = await tx.query(expansion(false));
    await tx.query('RELEASE SAVEPOINT inbox_pending_rows');
    return rowCount;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A missing resident (the statement check of 0020) or an entry that exists already.
    if (code !== '23503' && code !== '23505') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT inbox_pending_rows');
    const { rowCount } = await tx.query(expansion(true));
    await tx.query('RELEASE SAVEPOINT inbox_pending_rows');
    return rowCount;
  }
}

/**
 * Returns once the warning entry sets pending now are rows, for reads and receipts: a client
 * fetches its inbox as soon as the push arrives, which can be before the sender has written them.
 * Usually nothing is pending (one small query). Sets committed later belong to later pushes, which
 * bring their own fetch, so they are not waited for (a burst of sends does not hold a read).
 */
export async function awaitPendingEntries(db: Database): Promise<void> {
  const { rows } = await db.query<{ alert_id: string }>('SELECT alert_id FROM inbox_pending');
  if (rows.length === 0) return;
  await waiterFor(db).until(rows.map((row) => row.alert_id));
}

const waiters = new WeakMap<Database, PendingWaiter>();

function waiterFor(db: Database): PendingWaiter {
  let waiter = waiters.get(db);
  if (!waiter) {
    waiter = new PendingWaiter(db);
    waiters.set(db, waiter);
  }
  return waiter;
}

interface Waiting {
  alertIds: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The readers of one process wait together, on one connection: after a warning to a city, every
 * resident's fetch and receipt finds its set pending for the seconds its rows take, and one
 * connection each would empty the pool for taps, HQ and sign-ins. The waiter writes the sets
 * itself when nobody holds the lock (a crash left them), else waits for the holder (usually the
 * sender, writing them) with a shared lock, then sees which sets remain.
 */
class PendingWaiter {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly db: Database) {}

  until(alertIds: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ alertIds, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      // Readers that arrive during a round wait for the next one: their sets were not looked at.
      const round = this.waiting;
      this.waiting = [];
      const wanted = [...new Set(round.flatMap((w) => w.alertIds))];
      try {
        await this.db.transaction(async (tx) => {
          const { rows } = await tx.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_xact_lock($1) AS locked',
            [INBOX_WRITE_LOCK],
          );
          if (rows[0]?.locked) await expandPendingEntries(tx);
          else await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [INBOX_WRITE_LOCK]);
        });
        const { rows } = await this.db.query<{ alert_id: string }>(
          'SELECT alert_id FROM inbox_pending WHERE alert_id = ANY ($1::uuid[])',
          [wanted],
        );
        const left = new Set(rows.map((row) => row.alert_id));
        for (const w of round) {
          if (w.alertIds.some((id) => left.has(id))) this.waiting.push(w);
          else w.resolve();
        }
      } catch (error) {
        for (const w of round) w.reject(error);
      }
    }
    this.running = false;
  }
}
