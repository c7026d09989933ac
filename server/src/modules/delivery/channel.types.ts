import type { DeliveryErrorId } from '@contract/delivery/delivery-errors.js';

/**
 * The seam between escalation (who gets what, when, on which channel) and the channels that carry
 * it (Web Push, e-mail over SMTP, SMS over SMPP). A sender knows its protocol and nothing about
 * warnings; escalation knows the policy and nothing about protocols.
 */

/** Channels a message can leave by, besides the live socket and the inbox itself. */
export type ChannelName = 'push' | 'email' | 'sms';

/**
 * What goes out on every channel. Never personal data: a title, a fixed short text and a link
 * into the portal behind sign-in, where the person reads the message itself.
 */
export interface OutboundMessage {
  /** Stable id of this message to this person on this channel: the idempotency key at providers. */
  deliveryId: string;
  /** The warning's or notice's headline (no names, no addresses). */
  title: string;
  /** A fixed, non-personal line such as "Open the portal to read it and answer." */
  body: string;
  /** Absolute link into the portal (PUBLIC_BASE_URL), opened after sign-in. */
  url: string;
  /** RFC 8030 urgency; SMS and e-mail use it to pick a priority where the protocol has one. */
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Collapses notifications of one warning chain on a device (Web Push topic, notification tag). */
  tag?: string;
}

export type SendResult =
  /** The provider took it; a delivery receipt may follow under `providerRef`. */
  | { outcome: 'sent'; providerRef: string | null }
  /** The provider confirmed delivery to the device or mailbox in its answer. */
  | { outcome: 'delivered'; providerRef: string | null }
  /**
   * Not sent. `retry`: worth another attempt later (timeout, 5xx, throttled). `gone`: the address
   * no longer exists (push 404/410, SMTP 550 for the mailbox) and must not be used again.
   */
  | { outcome: 'failed'; errorId: DeliveryErrorId; retry: boolean; gone?: boolean };

export interface PushAddress {
  subscriptionId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface EmailAddress {
  address: string;
}

export interface SmsAddress {
  /** E.164, e.g. +819012345678. */
  msisdn: string;
}

export interface AddressOf {
  push: PushAddress;
  email: EmailAddress;
  sms: SmsAddress;
}

export interface ChannelSender<C extends ChannelName = ChannelName> {
  readonly channel: C;
  send(address: AddressOf[C], message: OutboundMessage): Promise<SendResult>;
  /** Closes connections (SMTP pool, SMPP bind) at shutdown. */
  close?(): Promise<void>;
  /**
   * Receipts that arrive after the send (SMPP deliver_sm, bounces): escalation registers one
   * listener when the module is built and records each receipt on the delivery it names.
   */
  onReceipt?(listener: ReceiptListener): void;
}

/** A receipt that arrives after the send (SMPP deliver_sm, a bounce), matched by `providerRef`. */
export interface DeliveryReceipt {
  channel: ChannelName;
  providerRef: string;
  status: 'delivered' | 'failed';
  errorId?: DeliveryErrorId;
  at: Date;
}

export type ReceiptListener = (receipt: DeliveryReceipt) => void;
