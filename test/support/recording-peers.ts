import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { DeliveryErrorId } from '../../contract/delivery/delivery-errors.js';
import type { ChannelSenders } from '../../server/src/modules/delivery/channel-senders.js';
import type {
  AddressOf,
  ChannelName,
  ChannelSender,
  OutboundMessage,
  ReceiptListener,
  SendResult,
} from '../../server/src/modules/delivery/channel.types.js';
import type { ChannelPeers, PeerMessage, PeerPushSubscription } from './channel-peers.js';

/** What a refusing far end answers: a temporary failure (retry) or a final one, as providers do. */
const REFUSAL: Record<ChannelName, { retry: DeliveryErrorId; final: DeliveryErrorId }> = {
  push: { retry: 'push_service_unavailable', final: 'push_rejected' },
  email: { retry: 'email_deferred', final: 'email_rejected' },
  sms: { retry: 'sms_smsc_busy', final: 'sms_rejected_0xa' },
};

/**
 * STAND-IN FOR ORCHESTRATION TESTS ONLY. Senders that speak no protocol: each records what it was
 * asked to send and answers as a provider would. They test who escalation sends what and when
 * (steps, stops, retries, failover, restarts), never a channel itself: the channels are tested
 * against real local peers (a push service that decrypts RFC 8291, smtp-server, an SMPP server).
 * Escalation tests take a `ChannelPeers`, so the real peers replace this in one line.
 */
export function recordingPeers(): ChannelPeers {
  const received = new Map<ChannelName, PeerMessage[]>();
  const refused = new Map<string, { retry: boolean }>();
  const lastRef = new Map<string, string>();
  const listeners: ReceiptListener[] = [];

  function recorder<C extends ChannelName>(
    channel: C,
    addressOf: (a: AddressOf[C]) => string,
  ): ChannelSender<C> {
    return {
      channel,
      send(address: AddressOf[C], message: OutboundMessage): Promise<SendResult> {
        const to = addressOf(address);
        const refusal = refused.get(`${channel}:${to}`);
        if (refusal) {
          const errorId = refusal.retry ? REFUSAL[channel].retry : REFUSAL[channel].final;
          return Promise.resolve({ outcome: 'failed', errorId, retry: refusal.retry });
        }
        const list = received.get(channel) ?? [];
        list.push({ address: to, title: message.title, url: message.url, at: Date.now() });
        received.set(channel, list);
        const providerRef = `${channel}-${randomUUID()}`;
        lastRef.set(`${channel}:${to}`, providerRef);
        return Promise.resolve({ outcome: 'sent', providerRef });
      },
      onReceipt(listener: ReceiptListener) {
        listeners.push(listener);
      },
    };
  }

  const senders: ChannelSenders = {
    push: recorder('push', (a) => a.endpoint),
    email: recorder('email', (a) => a.address),
    sms: recorder('sms', (a) => a.msisdn),
  };

  return {
    senders,
    newPushSubscription(): Promise<PeerPushSubscription> {
      return Promise.resolve({
        endpoint: `https://push.recording.test/${randomUUID()}`,
        p256dh: randomBytes(65).toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      });
    },
    newEmailAddress: () => `r${randomUUID().slice(0, 8)}@recording.test`,
    newMsisdn: () => `+8190${String(randomInt(10_000_000, 99_999_999))}`,
    received: (channel) => [...(received.get(channel) ?? [])],
    refuse(channel, address, options) {
      refused.set(`${channel}:${address}`, options);
    },
    deliverReceipt(channel, address) {
      const providerRef = lastRef.get(`${channel}:${address}`);
      if (!providerRef) throw new Error(`nothing was sent to that ${channel} address`);
      for (const listener of listeners)
        listener({ channel, providerRef, status: 'delivered', at: new Date() });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
