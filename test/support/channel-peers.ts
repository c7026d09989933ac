import type { ChannelSenders } from '../../server/src/modules/delivery/channel-senders.js';
import type { ChannelName } from '../../server/src/modules/delivery/channel.types.js';

/** A push subscription as a browser would hand it over, valid for the peer that made it. */
export interface PeerPushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** One message as the far end received it. */
export interface PeerMessage {
  /** Push endpoint, e-mail address or MSISDN it reached. */
  address: string;
  title: string;
  url: string;
  at: number;
}

/**
 * The far ends of the channels as escalation tests see them: addresses they will accept, what
 * each address received, a way to make one address fail, and delivery receipts. The orchestration
 * tests are written against this; `realPeers()` (real-peers.ts) gives the local push service, SMTP
 * server and SMPP SMSC behind it.
 */
export interface ChannelPeers {
  /** Senders to hand to the server (`startTestServer(env, { channelSenders })`). */
  readonly senders: ChannelSenders;
  newPushSubscription(): Promise<PeerPushSubscription>;
  newEmailAddress(): string;
  newMsisdn(): string;
  received(channel: ChannelName): PeerMessage[];
  /** From now on, messages to `address` fail; `retry`: as a temporary failure (5xx, throttled). */
  refuse(channel: ChannelName, address: string, options: { retry: boolean }): void;
  /** The far end reports the last message to `address` delivered (SMPP deliver_sm, push shown). */
  deliverReceipt(channel: ChannelName, address: string): Promise<void>;
  close(): Promise<void>;
}
