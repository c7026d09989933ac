/**
 * A list that tests wait on: items arrive from a peer (a mail, an SMS, a receipt) and a test asks
 * for the next one matching a condition, failing after a timeout instead of hanging.
 */
export class Arrivals<T> {
  readonly items: T[] = [];
  private readonly waiting = new Set<{ match: (item: T) => boolean; resolve: (item: T) => void }>();

  push(item: T): void {
    this.items.push(item);
    for (const waiter of this.waiting) {
      if (waiter.match(item)) {
        this.waiting.delete(waiter);
        waiter.resolve(item);
      }
    }
  }

  /** The first item, already here or yet to come, that matches. */
  next(match: (item: T) => boolean = () => true, timeoutMs = 10_000, what = 'item'): Promise<T> {
    const found = this.items.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        reject(new Error(`no ${what} arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.add(waiter);
    });
  }
}
