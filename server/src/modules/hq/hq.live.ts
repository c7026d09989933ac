import type { Logger } from '../../logger.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { HqService, HqTotals } from './hq.service.js';

/** How often HQ's totals are looked at while someone at HQ is connected. */
export const HQ_TOTALS_INTERVAL_MS = 5_000;

const comparable = ({ computedAt: _ignored, ...rest }: HqTotals) => JSON.stringify(rest);

/**
 * Pushes `hq:totals` to the HQ room when the totals change. Polling the aggregates is cheaper
 * than recounting on every tap: at most one count per interval, none while nobody at HQ is
 * connected, and the whereabouts scan is skipped when no report arrived since the last one.
 */
export class HqTotalsBroadcaster {
  private timer: NodeJS.Timeout | null = null;
  private last: string | null = null;
  private running = false;

  constructor(
    private readonly hq: HqService,
    private readonly io: RealtimeServer,
    private readonly logger: Logger,
    private readonly intervalMs = HQ_TOTALS_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: count and push if HQ is watching and something changed. Exposed for tests. */
  async tick(): Promise<void> {
    if (this.running) return;
    if (!this.io.sockets.adapter.rooms.get(rooms.hq)?.size) {
      // Nobody watching: the next viewer fetches over REST, and the first change is pushed.
      this.last = null;
      return;
    }
    this.running = true;
    try {
      const totals = await this.hq.totals();
      const key = comparable(totals);
      if (key !== this.last) {
        this.last = key;
        // Every node counts for its own HQ sockets: with the Redis adapter a room-wide emit
        // would reach each HQ screen once per node.
        this.io.local.to(rooms.hq).emit('hq:totals', totals);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'HQ totals refresh failed');
    } finally {
      this.running = false;
    }
  }
}
