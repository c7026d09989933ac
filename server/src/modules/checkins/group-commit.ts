interface Unit<Item, Result> {
  items: Item[];
  resolve: (results: Result[]) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Groups in flight at once (each holds one database connection). */
  maxConcurrentGroups: number;
  /** Items per group; a unit larger than this still goes alone in one group, never split. */
  maxItemsPerGroup: number;
}

/**
 * Group commit. Work submitted while earlier groups are in flight waits and then goes, all of
 * it, into the next group: one transaction and one WAL flush for many items. An idle queue starts
 * a group at once, so a lone item never waits for company.
 *
 * A unit (the items of one `submit`) stays in one group, in order. If a group fails, each of its
 * items is retried alone, in order, so one bad item fails only itself (and its unit).
 */
export class GroupCommitQueue<Item, Result> {
  private readonly waiting: Unit<Item, Result>[] = [];
  private running = 0;

  constructor(
    private readonly run: (items: Item[]) => Promise<Result[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(items: Item[]): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.running < this.options.maxConcurrentGroups && this.waiting.length > 0) {
      const group = [this.waiting.shift()!];
      let size = group[0]!.items.length;
      while (
        this.waiting.length > 0 &&
        size + this.waiting[0]!.items.length <= this.options.maxItemsPerGroup
      ) {
        const next = this.waiting.shift()!;
        size += next.items.length;
        group.push(next);
      }
      this.running++;
      void this.runGroup(group).finally(() => {
        this.running--;
        this.startGroups();
      });
    }
  }

  private async runGroup(group: Unit<Item, Result>[]): Promise<void> {
    const items = group.flatMap((unit) => unit.items);
    let results: Result[];
    try {
      results = await this.run(items);
    } catch (error) {
      if (items.length === 1) group[0]!.reject(error);
      else for (const unit of group) await this.runAlone(unit);
      return;
    }
    let offset = 0;
    for (const unit of group) {
      unit.resolve(results.slice(offset, offset + unit.items.length));
      offset += unit.items.length;
    }
  }

  private async runAlone(unit: Unit<Item, Result>): Promise<void> {
    const results: Result[] = [];
    let failed = false;
    let failure: unknown;
    for (const item of unit.items) {
      try {
        results.push(...(await this.run([item])));
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
    if (failed) unit.reject(failure);
    else unit.resolve(results);
  }
}
