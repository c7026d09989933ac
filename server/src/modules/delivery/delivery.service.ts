import type { ReachResponse } from '@contract/delivery/delivery.schema.js';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { Logger } from '../../logger.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { DeliveryReceipt } from './channel.types.js';
import { failoversOf, queueFailover } from './delivery.jobs.js';
import type { DeliveryStatsPublisher } from './delivery.stats.js';
import { areaFunnel, deliveryCounts } from './reach.queries.js';
import { applyReceipt, markPushShown } from './send.queries.js';

/**
 * What happens to deliveries after their send: providers' receipts, the service worker's "shown",
 * and the reach funnel HQ reads.
 */
export class DeliveryService {
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
    const matched = await this.db.transaction(async (tx) => {
      const matched = await applyReceipt(
        tx,
        receipt.channel,
        receipt.providerRef,
        receipt.status,
        receipt.errorId ?? null,
        receipt.at,
      );
      const failovers =
        receipt.status === 'failed'
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
      if (matched.length === 0) {
        this.logger.debug({ channel: receipt.channel }, 'escalation: receipt for no open delivery');
      }
      return matched;
    });
    // After the commit: a count read before it would show the row as it was, and no later
    // change may come to correct it.
    for (const row of matched) this.stats.touch(row.message_kind, row.message_id);
  }

  /** The push arrived and was shown on a device of the signed-in person. False: not theirs. */
  async pushShown(residentId: string, deliveryId: string): Promise<boolean> {
    const row = await markPushShown(this.db, deliveryId, residentId);
    if (row) this.stats.touch(row.message_kind, row.message_id);
    return row !== undefined;
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
