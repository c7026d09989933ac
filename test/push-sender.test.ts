/**
 * The Web Push sender against a local push service that verifies the VAPID token and decrypts the
 * aes128gcm payload with the subscription's own keys, as a browser's push service and the browser
 * would: what arrives is exactly the non-personal JSON the service worker shows, and every answer
 * of the push service maps to the delivery outcome escalation acts on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PushSender, topicOf } from '@server/modules/push/push-sender.js';
import type { OutboundMessage } from '@server/modules/delivery/channel.types.js';
import { verifyPushReceipt } from '@server/modules/push/push-receipt-token.js';
import type { VapidKeys } from '@server/secrets.js';
import { LocalPushService, newVapidKeys, type LocalSubscription } from './support/push-service.js';

function vapidPair(): VapidKeys {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = newVapidKeys();
  return { publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY, subject: 'mailto:bousai@example.jp' };
}

const message: OutboundMessage = {
  deliveryId: '418207',
  title: '【避難指示】七尾市 高潮',
  body: 'ポータルを開いて内容を確認し、回答してください。',
  url: 'https://bousai.example.jp/#/resident/warning/2b8e0c55-8d0f-4a57-9d6a-0d1c2c3f4a5b',
  urgency: 'high',
  tag: 'alert-2b8e0c55-8d0f-4a57-9d6a-0d1c2c3f4a5b',
};

describe('PushSender against a local push service', () => {
  const vapid = vapidPair();
  const receiptSecret = 'the push receipt secret of this installation, 32+';
  let service: LocalPushService;
  let sender: PushSender;
  const senders: PushSender[] = [];

  const newSender = (options: { timeoutMs?: number; keys?: VapidKeys } = {}) => {
    const made = new PushSender({
      vapid: options.keys ?? vapid,
      receiptSecret,
      ttlSeconds: 3600,
      timeoutMs: options.timeoutMs ?? 5_000,
      ca: service.ca,
    });
    senders.push(made);
    return made;
  };
  const addressOf = (sub: LocalSubscription) => ({
    subscriptionId: sub.id,
    endpoint: sub.json.endpoint,
    keys: sub.json.keys,
  });

  beforeAll(async () => {
    service = await LocalPushService.start({ vapidPublicKey: vapid.publicKey });
    sender = newSender();
  });
  afterEach(() => {
    service.rejected.length = 0;
  });
  afterAll(async () => {
    for (const made of senders) await made.close();
    await service.close();
  });

  it('delivers a message the device decrypts to exactly the notification JSON, signed with VAPID', async () => {
    const sub = service.subscribe();
    const result = await sender.send(addressOf(sub), message);
    expect(result.outcome).toBe('sent');
    expect(result.outcome === 'sent' && result.providerRef).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/message\//);
    const [push] = await service.waitForMessages(sub.id);
    const payload = JSON.parse(push!.plaintext) as { receipt: string };
    expect(payload).toStrictEqual({
      title: message.title,
      body: message.body,
      url: message.url,
      tag: message.tag,
      receipt: expect.stringMatching(/^418207\.[A-Za-z0-9_-]{43}$/) as unknown,
    });
    // The token names this delivery, signed with the installation's secret and no other.
    expect(verifyPushReceipt(receiptSecret, payload.receipt)).toBe('418207');
    expect(verifyPushReceipt('another installation’s secret, 32 chars+', payload.receipt)).toBeNull();
    expect(push!.ttl).toBe(3600);
    expect(push!.urgency).toBe('high');
    expect(push!.topic).toBe(topicOf(message.tag!));
    expect(push!.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(push!.claims.aud).toBe(service.origin);
    expect(push!.claims.sub).toBe('mailto:bousai@example.jp');
    expect(push!.vapidPublicKey).toBe(vapid.publicKey);
    expect(service.rejected).toEqual([]);
  });

  it('carries nothing but the five notification fields, whatever the message holds besides', async () => {
    const sub = service.subscribe();
    const extra = { ...message, tag: undefined, residentName: '能登 花子', phone: '+819012345678' };
    expect((await sender.send(addressOf(sub), extra)).outcome).toBe('sent');
    const [push] = await service.waitForMessages(sub.id);
    const payload = JSON.parse(push!.plaintext) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['body', 'receipt', 'tag', 'title', 'url']);
    expect(payload.tag).toBeNull();
    expect(push!.plaintext).not.toContain('能登');
    expect(push!.plaintext).not.toContain('+8190');
    expect(push!.topic).toBeNull();
  });

  it('signs one VAPID token per push service and reuses it', async () => {
    const sub = service.subscribe();
    await sender.send(addressOf(sub), message);
    await sender.send(addressOf(sub), { ...message, deliveryId: '418208' });
    const [first, second] = await service.waitForMessages(sub.id, 2);
    expect(second!.claims).toEqual(first!.claims);
    expect(first!.claims.exp * 1000).toBeGreaterThan(Date.now() + 11 * 3600 * 1000);
  });

  it('410 from the push service: failed, gone for good, not retried', async () => {
    const sub = service.subscribe({ answer: 'gone' });
    expect(await sender.send(addressOf(sub), message)).toEqual({
      outcome: 'failed',
      errorId: 'push_subscription_gone',
      retry: false,
      gone: true,
    });
  });

  it('404 for an endpoint the push service never knew: gone as well', async () => {
    const address = {
      ...addressOf(service.subscribe()),
      endpoint: `${service.origin}/push/00000000-0000-4000-8000-000000000000`,
    };
    expect(await sender.send(address, message)).toMatchObject({
      outcome: 'failed',
      gone: true,
      retry: false,
    });
  });

  it('500 and 429: failed, worth retrying later', async () => {
    const broken = service.subscribe({ answer: 'error' });
    expect(await sender.send(addressOf(broken), message)).toEqual({
      outcome: 'failed',
      errorId: 'push_service_unavailable',
      retry: true,
    });
    const throttled = service.subscribe({ answer: 'throttle' });
    expect(await sender.send(addressOf(throttled), message)).toEqual({
      outcome: 'failed',
      errorId: 'push_throttled',
      retry: true,
    });
  });

  it('a push service that does not answer in time: failed, retry, within the timeout', async () => {
    const quick = newSender({ timeoutMs: 300 });
    const sub = service.subscribe({ answer: 'slow', delayMs: 3_000 });
    const started = Date.now();
    expect(await quick.send(addressOf(sub), message)).toEqual({
      outcome: 'failed',
      errorId: 'push_timeout',
      retry: true,
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    // The same subscription answering promptly again is sent to normally.
    service.setBehaviour(sub.id, { answer: 'accept' });
    expect((await quick.send(addressOf(sub), message)).outcome).toBe('sent');
  });

  it('a token signed with another key is refused by the push service: failed, not retried', async () => {
    const impostor = newSender({ keys: vapidPair() });
    const sub = service.subscribe();
    expect(await impostor.send(addressOf(sub), message)).toEqual({
      outcome: 'failed',
      errorId: 'push_rejected',
      retry: false,
    });
    expect(service.rejected.map((r) => r.status)).toEqual([403]);
    expect(service.messagesFor(sub.id)).toEqual([]);
  });

  it('a push service that cannot be reached: failed, retry', async () => {
    const down = await LocalPushService.start();
    const sub = down.subscribe();
    const downSender = new PushSender({
      vapid,
      receiptSecret,
      ttlSeconds: 60,
      timeoutMs: 2_000,
      ca: down.ca,
    });
    senders.push(downSender);
    await down.close();
    expect(await downSender.send(addressOf(sub), message)).toEqual({
      outcome: 'failed',
      errorId: 'push_service_unavailable',
      retry: true,
    });
  });
});
