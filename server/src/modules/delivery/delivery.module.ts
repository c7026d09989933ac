import { resolvePushReceiptSecret } from '../../secrets.js';
import type { ServerModule } from '../server-module.js';
import { QUEUES, type FailoverJob, type SendJob, type StepJob } from './delivery.jobs.js';
import { deliveryRoutes } from './delivery.routes.js';
import { DeliveryService } from './delivery.service.js';
import { DeliveryStatsPublisher } from './delivery.stats.js';
import { EscalationService } from './escalation.service.js';
import { SendWorker } from './send.worker.js';

/** Steps are few and short; sends wait on providers, so a node works several batches at once. */
const STEP_WORK = { pollingIntervalSeconds: 0.5, batchSize: 1 };
const SEND_WORK = { pollingIntervalSeconds: 0.5, batchSize: 4 };

/**
 * Escalation until read on the job engine: step jobs choose who gets which channel when, send
 * jobs talk to the channels' senders, receipts and the reach funnel close the loop for HQ.
 */
export const deliveryModule: ServerModule = {
  name: 'delivery',
  register({ api, config, db, io, logger, jobs, channelSenders }) {
    const escalation = config.ESCALATION_POLICY;
    const stats = new DeliveryStatsPublisher(db, io, logger);
    io.httpServer?.once('close', () => stats.close());
    const steps = new EscalationService(db, jobs, channelSenders, escalation, stats, logger);
    const sends = new SendWorker(db, jobs, channelSenders, escalation, stats, logger, config.publicBaseUrl);
    const deliveries = new DeliveryService(db, jobs, stats, logger);
    io.httpServer?.once('close', () => deliveries.close());

    jobs.work<StepJob>(QUEUES.step, STEP_WORK, async ([job]) => steps.runStep(job!.data));
    jobs.work<FailoverJob>(QUEUES.failover, STEP_WORK, async ([job]) => steps.runFailover(job!.data));
    // Several batches per fetch, sent side by side: one slow provider does not hold the others.
    jobs.work<SendJob>(QUEUES.send, SEND_WORK, async (batch) => {
      await Promise.all(batch.map((job) => sends.run(job.data)));
    });
    // Sends a dead node left half-done: once a minute across the nodes.
    jobs.every(QUEUES.sweep, 60, {}, () => steps.sweepStaleSends());
    // The visit tasks' queue: declared here too, so hand-overs are kept until its worker runs.
    jobs.queue(QUEUES.visits);

    for (const sender of Object.values(channelSenders)) {
      sender?.onReceipt?.((receipt) => {
        deliveries.receipt(receipt).catch((error: unknown) => {
          logger.error({ err: error, channel: receipt.channel }, 'escalation: receipt not recorded');
        });
      });
    }

    deliveryRoutes(api, deliveries, resolvePushReceiptSecret(config));
  },
};
