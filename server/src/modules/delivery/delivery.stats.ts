import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { withEvents } from '../../realtime/transaction.js';
import type { MessageKind } from './deliveries.queries.js';
import { deliveryCounts } from './reach.queries.js';

/**
 * Live escalation counts for HQ (`delivery:stats`): every change `touch`es its message; counts are
 * queried and sent at most once per interval per message, as AlertStatsPublisher does for
 * receipts, so a step that queues 100,000 sends costs one count, not 100,000.
 */
export class DeliveryStatsPublisher {
  private readonly scheduled = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastSent = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  touch(kind: MessageKind, messageId: string): void {
    if (this.closed || this.scheduled.has(messageId)) return;
    const wait = Math.max(0, (this.lastSent.get(messageId) ?? 0) + this.intervalMs - Date.now());
    const timer = setTimeout(() => {
      this.scheduled.delete(messageId);
      this.lastSent.set(messageId, Date.now());
      this.forget();
      void this.send(kind, messageId);
    }, wait);
    timer.unref();
    this.scheduled.set(messageId, timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
  }

  private forget(): void {
    if (this.lastSent.size < 1000) return;
    const cutoff = Date.now() - this.intervalMs;
    for (const [id, at] of this.lastSent) if (at < cutoff) this.lastSent.delete(id);
  }

  private async send(kind: MessageKind, messageId: string): Promise<void> {
    try {
      await withEvents(this.io, async (outbox) => {
        const { channels, failures } = await deliveryCounts(this.db, kind, messageId);
        if (this.closed) return;
        outbox.add(rooms.hq, 'delivery:stats', {
          kind,
          messageId,
          channels,
          failures,
          at: new Date().toISOString(),
        });
      });
    } catch (error) {
      if (!this.closed) this.logger.error({ err: error, messageId }, 'delivery stats failed');
    }
  }
}
