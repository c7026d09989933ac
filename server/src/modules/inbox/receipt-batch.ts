import type { Database } from '../../db/database.js';
import { awaitPendingEntries } from './inbox-writers.js';
import { markReceipts, type ReceiptRequest, type ReceiptResult } from './inbox.queries.js';

/** How long the first receipt of a batch waits for others. */
const BATCH_WINDOW_MS = 5;
/** More receipts than this go out in the next statement. */
const MAX_BATCH = 2000;

interface Waiting {
  request: ReceiptRequest;
  resolve: (result: ReceiptResult | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Delivered and read receipts, written together: a warning to a city brings one `inbox:delivered`
 * per person within a second of the push, and one UPDATE and commit each would queue them behind
 * each other on the pool. Receipts that arrive within a few milliseconds (or while the previous
 * batch is being written) go out as one statement; each caller hears back only after that
 * statement has committed, so an acknowledged receipt is stored.
 */
export class ReceiptBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;

  constructor(private readonly db: Database) {}

  /** The entry's alert and whether the receipt changed it; undefined when the entry is not theirs. */
  submit(request: ReceiptRequest): Promise<ReceiptResult | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.waiting.length >= MAX_BATCH) this.flushSoon(0);
      else this.flushSoon(BATCH_WINDOW_MS);
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.writing) return;
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write();
    }, delayMs);
  }

  private async write(): Promise<void> {
    const batch = this.waiting.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    this.writing = true;
    try {
      // A receipt can arrive before the warning's entries are written (see awaitPendingEntries).
      await awaitPendingEntries(this.db);
      const results = await markReceipts(
        this.db,
        batch.map((w) => w.request),
      );
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.writing = false;
      // What arrived while this batch was written goes out now.
      if (this.waiting.length > 0) this.flushSoon(0);
    }
  }
}
