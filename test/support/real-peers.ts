import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { ChannelSenders } from '../../server/src/modules/delivery/channel-senders.js';
import type { ChannelName } from '../../server/src/modules/delivery/channel.types.js';
import { EmailSender } from '../../server/src/modules/delivery/email-sender.js';
import { SmsSender } from '../../server/src/modules/delivery/sms-sender.js';
import { PushSender } from '../../server/src/modules/push/push-sender.js';
import type { VapidKeys } from '../../server/src/secrets.js';
import type { ChannelPeers, PeerMessage, PeerPushSubscription } from './channel-peers.js';
import { LocalPushService, newVapidKeys } from './push-service.js';
import { LocalSmscServer } from './smpp-server.js';
import { LocalSmtpServer } from './smtp-server.js';
import { testLogger } from './test-logger.js';

/** The far ends themselves, for tests that make them misbehave in ways `refuse` does not cover. */
export interface RealPeers extends ChannelPeers {
  /** The key pair the senders sign with (a server node of its own must be given the same). */
  readonly vapid: VapidKeys;
  /** What push receipts are signed with: give the server the same (`PUSH_RECEIPT_SECRET`). */
  readonly receiptSecret: string;
  readonly pushService: LocalPushService;
  readonly smtp: LocalSmtpServer;
  readonly smsc: LocalSmscServer;
}

function vapidKeys(): VapidKeys {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = newVapidKeys();
  return { publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY, subject: 'mailto:bousai@example.jp' };
}

/** The link a message carries: the last http(s) URL of its text. */
const lastLink = (text: string): string => text.match(/https?:\/\/\S+/g)?.at(-1) ?? '';

/**
 * The real local peers behind `ChannelPeers`: a push service that verifies VAPID and decrypts RFC
 * 8291 as a browser would, an SMTP server (`smtp-server`, mail parsed back with `mailparser`) and an
 * SMPP 3.4 SMSC whose delivery receipts are held until the test releases them (a handset that
 * confirms when the test says so). The senders handed to the server are the product's own.
 */
export async function realPeers(): Promise<RealPeers> {
  const vapid = vapidKeys();
  const receiptSecret = randomBytes(32).toString('base64url');
  const [pushService, smtp, smsc] = await Promise.all([
    LocalPushService.start({ vapidPublicKey: vapid.publicKey }),
    LocalSmtpServer.start(),
    LocalSmscServer.start({ holdReceipts: true }),
  ]);
  const logger = testLogger();
  const push = new PushSender({
    vapid,
    receiptSecret,
    ttlSeconds: 3600,
    timeoutMs: 5_000,
    ca: pushService.ca,
  });
  const email = new EmailSender({
    smtpUrl: smtp.url,
    from: '避難支援 <noreply@bousai.example.jp>',
    settingsUrl: 'https://bousai.example.jp/#/settings/notifications',
    logger,
    timeoutMs: 5_000,
  });
  const sms = new SmsSender({
    url: smsc.url,
    sourceAddr: 'Hinan',
    logger,
    timeoutMs: 2_000,
    enquireLinkMs: 1_000,
    backoff: { minMs: 50, maxMs: 500 },
  }).start();
  const senders: ChannelSenders = { push, email, sms };
  const subscriptionOf = new Map<string, string>();

  function received(channel: ChannelName): PeerMessage[] {
    if (channel === 'push') {
      return pushService.received.map((message) => {
        const shown = JSON.parse(message.plaintext) as { title: string; url: string };
        const endpoint = `${pushService.origin}/push/${message.subscriptionId}`;
        return { address: endpoint, title: shown.title, url: shown.url, at: 0 };
      });
    }
    if (channel === 'email') {
      return smtp.mails.items.flatMap((mail) =>
        mail.envelope.to.map((to) => ({
          address: to,
          title: mail.parsed.subject ?? '',
          url: lastLink(mail.parsed.text ?? ''),
          at: 0,
        })),
      );
    }
    return smsc.submitted.items.map((message) => ({
      address: `+${message.destination}`,
      title: message.text.split('\n')[0] ?? '',
      url: lastLink(message.text),
      at: 0,
    }));
  }

  return {
    vapid,
    receiptSecret,
    pushService,
    smtp,
    smsc,
    senders,
    newPushSubscription(): Promise<PeerPushSubscription> {
      const subscription = pushService.subscribe();
      subscriptionOf.set(subscription.json.endpoint, subscription.id);
      return Promise.resolve({ endpoint: subscription.json.endpoint, ...subscription.json.keys });
    },
    newEmailAddress: () => `r${randomUUID().slice(0, 8)}@example.jp`,
    newMsisdn: () => `+8190${String(randomInt(10_000_000, 99_999_999))}`,
    received,
    refuse(channel, address, { retry }) {
      if (channel === 'push') {
        const id = subscriptionOf.get(address);
        if (!id) throw new Error('not a subscription of this push service');
        pushService.setBehaviour(id, { answer: retry ? 'error' : 'gone' });
      } else if (channel === 'email') {
        if (retry) smtp.deferRecipient(address);
        else smtp.rejectRecipient(address);
      } else if (retry) smsc.throttleDestination(address);
      else smsc.rejectDestination(address);
    },
    deliverReceipt(channel, address) {
      // SMPP is the one protocol here whose far end reports delivery; a push is confirmed by the
      // service worker that showed it, an e-mail not at all.
      if (channel !== 'sms') throw new Error(`${channel} has no delivery receipt from its peer`);
      smsc.releaseReceipt(address);
      return Promise.resolve();
    },
    async close() {
      await Promise.all([push.close(), email.close(), sms.close()]);
      await Promise.all([pushService.close(), smtp.close(), smsc.close()]);
    },
  };
}
