import type { Database } from '../../../db/database.js';
import type { Logger } from '../../../logger.js';
import { contactAddressesOf, markAddressGone } from '../../contacts/contact-addresses.js';
import { availableChannels, senderOf, type ChannelSenders } from '../../delivery/channel-senders.js';
import type { OutboundMessage, SendResult } from '../../delivery/channel.types.js';
import type { ContactChannel } from '@contract/contacts/contacts.schema.js';
import type { JobEngine } from '../../jobs/job-engine.js';
import { JobFailed } from '../../jobs/scheduled-jobs.js';
import { pushAddressesOf, recordPushOutcome } from '../../push/push.queries.js';
import {
  queueClaimNoticeSends,
  sendJobId,
  type ClaimNoticeJob,
  type ClaimNoticeSendJob,
} from './claim-notice.jobs.js';
import { claimNoticeMessage } from './claim-notice.message.js';
import { languageOf, noticeAddresses } from './claim-notice.queries.js';

/** What became of one send: the sender's outcome, or why nothing was sent. */
export type ClaimNoticeOutcome =
  SendResult['outcome'] | 'channel_unavailable' | 'address_gone' | 'recipient_gone';

/**
 * The claim's notices beyond the inbox, after its commit: the fan-out finds the person's own
 * addresses and those of the household members told, and queues one send per address; each send
 * looks its address up again (consent withdrawn or device removed meanwhile: nothing goes) and
 * sends title + fixed line + link. Temporary failures are retried by the engine; an address the
 * provider says does not exist is marked as escalation marks it.
 */
export class ClaimNoticeWorker {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobEngine,
    private readonly senders: ChannelSenders,
    private readonly logger: Logger,
    private readonly baseUrl: string,
  ) {}

  async fanOut(job: ClaimNoticeJob): Promise<number> {
    const rows = await noticeAddresses(
      this.db,
      [job.residentId, ...job.household],
      availableChannels(this.senders),
      job.codeId,
    );
    const sends: ClaimNoticeSendJob[] = rows.map((row) => ({
      codeId: job.codeId,
      event: job.event,
      audience: row.recipient_id === job.residentId ? 'self' : 'household',
      channel: row.channel,
      recipientId: row.recipient_id,
      addressId: row.address_id,
    }));
    await this.db.transaction((tx) => queueClaimNoticeSends(this.jobs, tx, sends));
    return sends.length;
  }

  async send(job: ClaimNoticeSendJob): Promise<ClaimNoticeOutcome> {
    const language = await languageOf(this.db, job.recipientId);
    if (language === null) return 'recipient_gone';
    const message = claimNoticeMessage(
      { event: job.event, audience: job.audience, deliveryId: `claim-${sendJobId(job)}`, language },
      this.baseUrl,
    );
    const outcome = await this.sendOn(job, message);
    this.logger.info(
      { job: 'claim-notice', channel: job.channel, audience: job.audience, outcome },
      'claim notice',
    );
    return outcome;
  }

  private async sendOn(job: ClaimNoticeSendJob, message: OutboundMessage): Promise<ClaimNoticeOutcome> {
    if (job.channel !== 'push') return this.sendToContact(job.channel, job, message);
    const sender = senderOf(this.senders, 'push');
    if (!sender) return 'channel_unavailable';
    const device = (await pushAddressesOf(this.db, [job.recipientId])).find(
      (address) => address.subscriptionId === job.addressId,
    );
    if (!device) return 'address_gone';
    const result = await guarded(job, () => sender.send(device, message));
    await recordPushOutcome(
      this.db,
      device.subscriptionId,
      result.outcome !== 'failed' ? 'success' : result.gone ? 'gone' : 'failure',
    );
    return this.settled(job, result);
  }

  private async sendToContact<C extends ContactChannel>(
    channel: C,
    job: ClaimNoticeSendJob,
    message: OutboundMessage,
  ): Promise<ClaimNoticeOutcome> {
    const sender = senderOf(this.senders, channel);
    if (!sender) return 'channel_unavailable';
    const contact = (await contactAddressesOf(this.db, channel, [job.recipientId])).find(
      (address) => address.contactId === job.addressId,
    );
    if (!contact) return 'address_gone';
    const result = await guarded(job, () => sender.send(contact.address, message));
    if (result.outcome === 'failed' && result.gone) await markAddressGone(this.db, contact.contactId);
    return this.settled(job, result);
  }

  /** A temporary failure is thrown (by its error id only) for the engine to retry the send. */
  private settled(job: ClaimNoticeSendJob, result: SendResult): ClaimNoticeOutcome {
    if (result.outcome === 'failed' && result.retry && !result.gone) {
      this.logger.warn(
        { job: 'claim-notice', channel: job.channel, error: result.errorId },
        'claim notice: retry',
      );
      throw new JobFailed(result.errorId);
    }
    return result.outcome;
  }
}

/** A sender that throws instead of answering: retried, and only its channel is kept (no address). */
async function guarded(job: ClaimNoticeSendJob, send: () => Promise<SendResult>): Promise<SendResult> {
  try {
    return await send();
  } catch {
    return { outcome: 'failed', errorId: `${job.channel}_send_error`, retry: true };
  }
}
