import smpp from 'smpp';
import type { DeliveryErrorId } from '@contract/delivery/delivery-errors.js';
import type { Logger } from '../../logger.js';
import type {
  ChannelSender,
  OutboundMessage,
  ReceiptListener,
  SendResult,
  SmsAddress,
} from './channel.types.js';
import { destinationOf, sourceOf } from './smpp-address.js';
import { SmppLink, SmppUnavailable, type SmppLinkOptions } from './smpp-link.js';
import { submitOutcome } from './smpp-outcome.js';
import { receiptFromDeliverSm } from './smpp-receipt.js';
import { encodeUcs2, smsText } from './sms-text.js';

export interface SmsSenderOptions extends SmppLinkOptions {
  /** SMS_SOURCE_ADDR: a number or an alphanumeric sender name. */
  sourceAddr: string;
}

/** SMPP priority_flag: 0 normal … 3 highest. Warnings that must be read now jump the queue. */
const PRIORITY: Record<OutboundMessage['urgency'], number> = { 'very-low': 0, low: 0, normal: 0, high: 2 };
const UCS2 = 0x08;

/**
 * A timeout, or a link lost mid-request, may still have reached the SMSC: retried like the rest,
 * but told apart, since only these can make a second copy.
 */
const UNAVAILABLE_ERROR: Record<SmppUnavailable['reason'], DeliveryErrorId> = {
  not_bound: 'sms_unavailable',
  write_failed: 'sms_unavailable',
  timeout: 'sms_timeout',
  closed: 'sms_link_lost',
};

/**
 * SMS over SMPP 3.4 as an ESME: one bound transceiver link (smpp-link.ts), submit_sm with a delivery
 * receipt requested, the text in UCS2 so Japanese arrives intact, one SMS per message. Receipts
 * (deliver_sm) are answered and handed to the registered listeners, keyed by the message_id the
 * SMSC gave in submit_sm_resp, which is the send's providerRef.
 */
export class SmsSender implements ChannelSender<'sms'> {
  readonly channel = 'sms' as const;
  private readonly link: SmppLink;
  private readonly listeners = new Set<ReceiptListener>();
  private readonly source: ReturnType<typeof sourceOf>;
  private readonly logger: Logger;

  constructor(options: SmsSenderOptions) {
    this.logger = options.logger;
    this.source = sourceOf(options.sourceAddr);
    this.link = new SmppLink(options, (session, pdu) => this.onDeliverSm(session, pdu));
  }

  /** Connects and binds in the background; sends wait for the bind up to the link's timeout. */
  start(): this {
    this.link.start();
    return this;
  }

  get isBound(): boolean {
    return this.link.isBound;
  }

  /** Receipts go to every listener; returns the function that removes this one. */
  onReceipt(listener: ReceiptListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async send(address: SmsAddress, message: OutboundMessage): Promise<SendResult> {
    const destination = destinationOf(address.msisdn);
    if (!destination) return { outcome: 'failed', errorId: 'sms_number_invalid', retry: false, gone: true };
    try {
      await this.link.ready();
      const response = await this.link.request('submit_sm', {
        source_addr_ton: this.source.ton,
        source_addr_npi: this.source.npi,
        source_addr: this.source.addr,
        dest_addr_ton: destination.ton,
        dest_addr_npi: destination.npi,
        destination_addr: destination.addr,
        registered_delivery: 1,
        priority_flag: PRIORITY[message.urgency],
        data_coding: UCS2,
        short_message: encodeUcs2(smsText(message)),
      });
      const result = submitOutcome(response.command_status, response.message_id);
      if (result.outcome === 'failed') {
        this.logger.warn({ deliveryId: message.deliveryId, errorId: result.errorId }, 'sms: not taken');
      }
      return result;
    } catch (error) {
      if (!(error instanceof SmppUnavailable)) throw error;
      this.logger.warn({ deliveryId: message.deliveryId, reason: error.reason }, 'sms: smsc unavailable');
      return { outcome: 'failed', errorId: UNAVAILABLE_ERROR[error.reason], retry: true };
    }
  }

  close(): Promise<void> {
    return this.link.close();
  }

  private onDeliverSm(session: smpp.Session, pdu: smpp.PDU): void {
    // Answer first: an SMSC that gets no deliver_sm_resp sends the receipt again, and again.
    session.send(pdu.response());
    const receipt = receiptFromDeliverSm(pdu, new Date());
    if (!receipt) return;
    for (const listener of this.listeners) {
      try {
        listener(receipt);
      } catch (error) {
        this.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'sms: receipt listener failed',
        );
      }
    }
  }
}
