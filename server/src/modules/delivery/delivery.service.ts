import type { ReachResponse } from '@contract/delivery/delivery.schema.js';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { Logger } from '../../logger.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { DeliveryReceipt } from './channel.types.js';
import { failoversOf, queueFailover } from './delivery.jobs.js';
import type { DeliveryStatsPublisher } from './delivery.stats.js';
import { areaFunnel, deliveryCounts } from './reach.queries.js';
import { applyReceipt, type ReceiptTarget } from './send.queries.js';

/** Waits before matching an unmatched provider receipt again: about 15 s in all. */
const EARLY_RECEIPT_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * What happens to deliveries after their send: providers' receipts, the service worker's "shown",
 * and the reach funnel HQ reads.
 */
export class DeliveryService {
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobEngine,
    private readonly stats: DeliveryStatsPublisher,
    private readonly logger: Logger,
  ) {}

  /**
   * A provider's receipt (SMPP deliver_sm, a bounce): the row it names becomes delivered or
   * failed; a failure moves the person on to the next step at once.
   */
  async receipt(receipt: DeliveryReceipt): Promise<void> {
    const { channel, providerRef, status, errorId, at } = receipt;
    // A provider may confirm a message before its send has recorded the provider's id (the
    // answer and the receipt race): such a receipt is matched again a few times, not dropped.
    for (const waitMs of [0, ...EARLY_RECEIPT_RETRY_MS]) {
      if (waitMs > 0) await sleep(waitMs);
      if (this.closed) return;
      if ((await this.apply({ channel, providerRef }, status, errorId ?? null, at)) > 0) return;
    }
    this.logger.debug({ channel }, 'escalation: receipt for no open delivery');
  }

  /** Receipts still waiting for their send to be recorded are given up (the node is stopping). */
  close(): void {
    this.closed = true;
  }

  /**
   * A service worker showed a push and reported it with the message's receipt token, which the
   * caller has checked was signed here: that delivery row is delivered. The same token again (a
   * retried request, a second device of the person) finds the row delivered and changes nothing.
   */
  async pushReceipt(deliveryId: string, at: Date): Promise<void> {
    await this.apply({ channel: 'push', deliveryId }, 'delivered', null, at);
  }

  private async apply(
    target: ReceiptTarget,
    status: 'delivered' | 'failed',
    errorId: string | null,
    at: Date,
  ): Promise<number> {
    const matched = await this.db.transaction(async (tx) => {
      const matched = await applyReceipt(tx, target, status, errorId, at);
      const failovers =
        status === 'failed'
          ? failoversOf(
              matched
                .filter((row) => row.channel !== 'relay')
                .map((row) => ({
                  kind: row.message_kind,
                  messageId: row.message_id,
                  step: row.step,
                  residentId: row.resident_id,
                })),
            )
          : [];
      await queueFailover(this.jobs, tx, failovers);
      return matched;
    });
    // After the commit: a count read before it would show the row as it was, and no later
    // change may come to correct it.
    for (const row of matched) this.stats.touch(row.message_kind, row.message_id);
    return matched.length;
  }

  async reach(alertId: string): Promise<ReachResponse> {
    const { rows } = await this.db.query('SELECT 1 FROM alerts WHERE id = $1', [alertId]);
    if (rows.length === 0) throw notFound('Alert');
    const [{ channels, failures }, areas] = await Promise.all([
      deliveryCounts(this.db, 'alert', alertId),
      areaFunnel(this.db, 'alert', alertId),
    ]);
    const funnel = { targeted: 0, reached: 0, read: 0, responded: 0 };
    let inApp = 0;
    for (const area of areas) {
      funnel.targeted += area.targeted;
      funnel.reached += area.reached;
      funnel.read += area.read;
      funnel.responded += area.responded;
      inApp += area.in_app;
    }
    return {
      alertId,
      funnel,
      channels,
      failures,
      inApp: { delivered: inApp },
      areas: areas.map(({ code, name, targeted, reached, read, responded }) => ({
        municipalityCode: code,
        name,
        targeted,
        reached,
        read,
        responded,
      })),
      at: new Date().toISOString(),
    };
  }
}
