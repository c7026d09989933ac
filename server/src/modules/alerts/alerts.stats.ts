import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { withEvents } from '../../realtime/transaction.js';
import { alertStats } from './alerts.queries.js';

/**
 * Live receipt counts for HQ. Every receipt `touch`es its alert; counts are queried and sent at
 * most once per interval per alert, so 10,000 receipts in a second cost 4 small queries, not 10,000.
 */
export class AlertStatsPublisher {
  private readonly scheduled = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastSent = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer,
    private readonly logger: Logger,
    private readonly intervalMs = 250,
  ) {}

  touch(alertId: string): void {
    if (this.closed || this.scheduled.has(alertId)) return;
    const wait = Math.max(0, (this.lastSent.get(alertId) ?? 0) + this.intervalMs - Date.now());
    const timer = setTimeout(() => {
      this.scheduled.delete(alertId);
      this.lastSent.set(alertId, Date.now());
      this.forget();
      void this.send(alertId);
    }, wait);
    timer.unref();
    this.scheduled.set(alertId, timer);
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

  private async send(alertId: string): Promise<void> {
    try {
      await withEvents(this.io, async (outbox) => {
        const stats = await alertStats(this.db, alertId);
        if (this.closed) return;
        outbox.add(rooms.hq, 'alert:stats', {
          alertId,
          targeted: stats.targeted,
          delivered: stats.delivered,
          read: stats.read,
          responded: stats.responded,
          needHelp: stats.need_help,
          at: new Date().toISOString(),
        });
      });
    } catch (error) {
      if (!this.closed) this.logger.error({ err: error, alertId }, 'alert stats failed');
    }
  }
}
