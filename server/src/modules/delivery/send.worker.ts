import type { DeliveryErrorId } from '@contract/delivery/delivery-errors.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { AddressOf, ChannelName, SendResult } from './channel.types.js';
import { senderOf, type ChannelSenders } from './channel-senders.js';
import { cancelQueuedOfMessage, findMessageState } from './deliveries.queries.js';
import { failoversOf, queueFailover, queueSends, type SendJob } from './delivery.jobs.js';
import type { DeliveryStatsPublisher } from './delivery.stats.js';
import { retryDelaySeconds, type ResolvedEscalationConfig } from './escalation.policy.js';
import { outboundMessage, urgencyOf, type MessageContext } from './outbound-message.js';
import {
  cancelReadInBatch,
  claimSends,
  messageTitles,
  notePushResults,
  pushSubscriptionsOf,
  recordOutcomes,
  removePushSubscriptions,
  unverifyContacts,
  usableContactsOf,
  type ClaimedSend,
  type ContactRow,
  type PushSubscriptionRow,
} from './send.queries.js';

/** Sends in flight at once per batch; also how many rows are claimed (`sending`) at a time. */
const CONCURRENCY = 50;

interface Outcome {
  status: 'sent' | 'delivered' | 'failed';
  providerRef: string | null;
  errorId: DeliveryErrorId | null;
  retry: boolean;
}

/** Addresses of one chunk of claimed sends, and what their sends taught about them. */
interface Addresses {
  push: Map<string, PushSubscriptionRow[]>;
  contacts: Map<string, ContactRow>;
  pushGone: string[];
  pushOk: string[];
  pushFailed: string[];
  contactsGone: string[];
}

const failed = (errorId: DeliveryErrorId, retry: boolean): Outcome => ({
  status: 'failed',
  providerRef: null,
  errorId,
  retry,
});

function outcomeOf(result: SendResult): Outcome {
  if (result.outcome === 'failed') return failed(result.errorId, result.retry && !result.gone);
  return { status: result.outcome, providerRef: result.providerRef, errorId: null, retry: false };
}

/** Several devices: delivered if any confirmed, else sent if any took it, else the first failure. */
function bestOf(outcomes: Outcome[]): Outcome {
  return (
    outcomes.find((o) => o.status === 'delivered') ??
    outcomes.find((o) => o.status === 'sent') ??
    outcomes.find((o) => o.retry) ??
    outcomes[0] ??
    failed('no_address', false)
  );
}

/**
 * Works send batches: per chunk, rows whose person has read are cancelled, the rest are marked
 * `sending` (committed) before any provider is called, then their outcomes are written. A node
 * that dies in between leaves them `sending`; they are never sent again on that channel (see
 * EscalationService.sweepStaleSends). A retryable failure goes back to `queued` with a delayed
 * send job until the policy's attempts are used up; then, and on any other failure, the person
 * moves on to the next step at once.
 */
export class SendWorker {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobEngine,
    private readonly senders: ChannelSenders,
    private readonly config: ResolvedEscalationConfig,
    private readonly stats: DeliveryStatsPublisher,
    private readonly logger: Logger,
    private readonly baseUrl: string,
  ) {}

  async run(job: SendJob): Promise<void> {
    const message = await findMessageState(this.db, job.kind, job.messageId);
    if (!message) return;
    if (!message.active) {
      await cancelQueuedOfMessage(this.db, job.messageId);
      this.stats.touch(job.kind, job.messageId);
      return;
    }
    await cancelReadInBatch(this.db, job.kind, job.messageId, job.ids);
    const context: MessageContext = {
      kind: job.kind,
      messageId: job.messageId,
      titles: await messageTitles(this.db, job.kind, job.messageId),
      baseUrl: this.baseUrl,
      urgency: urgencyOf(job.kind, message.severities),
      ...(message.lineage_id ? { tag: `alert-${message.lineage_id}` } : {}),
    };
    for (let i = 0; i < job.ids.length; i += CONCURRENCY) {
      const claimed = await claimSends(this.db, job.kind, job.messageId, job.ids.slice(i, i + CONCURRENCY));
      if (claimed.length === 0) continue;
      const addresses = await this.addressesOf(claimed);
      const outcomes = await Promise.all(claimed.map((send) => this.sendOne(send, context, addresses)));
      await this.record(job, claimed, outcomes, addresses);
      this.stats.touch(job.kind, job.messageId);
    }
  }

  private async addressesOf(claimed: ClaimedSend[]): Promise<Addresses> {
    const byCarrier = (carrier: ChannelName) =>
      claimed.filter((send) => send.carrier === carrier).map((send) => send.recipient_id);
    const push = new Map<string, PushSubscriptionRow[]>();
    for (const sub of await pushSubscriptionsOf(this.db, byCarrier('push'))) {
      push.set(sub.resident_id, [...(push.get(sub.resident_id) ?? []), sub]);
    }
    const contacts = new Map<string, ContactRow>();
    const contactIds = [...byCarrier('email'), ...byCarrier('sms')];
    for (const contact of await usableContactsOf(this.db, contactIds)) {
      contacts.set(`${contact.resident_id}:${contact.channel}`, contact);
    }
    return { push, contacts, pushGone: [], pushOk: [], pushFailed: [], contactsGone: [] };
  }

  private async sendOne(send: ClaimedSend, context: MessageContext, addresses: Addresses): Promise<Outcome> {
    const message = outboundMessage(context, {
      id: send.id,
      language: send.language,
      relay: send.channel === 'relay',
      carrier: send.carrier,
    });
    try {
      if (send.carrier === 'push') {
        const sender = senderOf(this.senders, 'push');
        const subscriptions = addresses.push.get(send.recipient_id) ?? [];
        if (!sender) return failed('channel_unavailable', false);
        const outcomes = await Promise.all(
          subscriptions.map(async (sub) => {
            const address: AddressOf['push'] = {
              subscriptionId: sub.id,
              endpoint: sub.endpoint,
              keys: { p256dh: sub.p256dh, auth: sub.auth },
            };
            const result = await sender
              .send(address, message)
              .catch((): SendResult => ({ outcome: 'failed', errorId: 'push_send_error', retry: true }));
            if (result.outcome === 'failed') {
              (result.gone ? addresses.pushGone : addresses.pushFailed).push(sub.id);
            } else addresses.pushOk.push(sub.id);
            return outcomeOf(result);
          }),
        );
        return bestOf(outcomes);
      }
      const contact = addresses.contacts.get(`${send.recipient_id}:${send.carrier}`);
      if (!contact) return failed('no_address', false);
      const result =
        send.carrier === 'email'
          ? await senderOf(this.senders, 'email')?.send({ address: contact.address }, message)
          : await senderOf(this.senders, 'sms')?.send({ msisdn: contact.address }, message);
      if (!result) return failed('channel_unavailable', false);
      if (result.outcome === 'failed' && result.gone) addresses.contactsGone.push(contact.id);
      return outcomeOf(result);
    } catch (error) {
      // A sender that throws instead of answering: its class only (no address, no message).
      this.logger.warn({ channel: send.carrier, error: (error as Error).name }, 'escalation: sender threw');
      return failed(`${send.carrier}_send_error`, true);
    }
  }

  private async record(
    job: SendJob,
    claimed: ClaimedSend[],
    outcomes: Outcome[],
    addresses: Addresses,
  ): Promise<void> {
    const maxAttempts = this.config.retry.attempts;
    const retries = new Map<number, string[]>();
    const failed: { kind: SendJob['kind']; messageId: string; step: number; residentId: string }[] = [];
    const rows = claimed.map((send, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'failed' && outcome.retry && send.attempts < maxAttempts) {
        retries.set(send.attempts, [...(retries.get(send.attempts) ?? []), send.id]);
        return { id: send.id, status: 'queued' as const, providerRef: null, errorId: outcome.errorId };
      }
      if (outcome.status === 'failed' && send.channel !== 'relay') {
        failed.push({
          kind: job.kind,
          messageId: job.messageId,
          step: send.step,
          residentId: send.resident_id,
        });
      }
      return {
        id: send.id,
        status: outcome.status,
        providerRef: outcome.providerRef,
        errorId: outcome.errorId,
      };
    });
    await this.db.transaction(async (tx) => {
      await recordOutcomes(tx, rows);
      for (const [attempts, ids] of retries) {
        const at = new Date(Date.now() + retryDelaySeconds(this.config.retry, attempts) * 1000);
        await queueSends(this.jobs, tx, { kind: job.kind, messageId: job.messageId }, [ids], {
          expireInSeconds: this.config.staleSendingSeconds,
          startAfter: at,
        });
      }
      await queueFailover(this.jobs, tx, failoversOf(failed));
      await removePushSubscriptions(tx, addresses.pushGone);
      await notePushResults(tx, addresses.pushOk, addresses.pushFailed);
      await unverifyContacts(tx, addresses.contactsGone);
    });
  }
}
