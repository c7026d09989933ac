import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import webpush from 'web-push';
import type { DeliveryErrorId } from '@contract/delivery/delivery-errors.js';
import type { PushPayload } from '@contract/push/push.schema.js';
import type { VapidKeys } from '../../secrets.js';
import type { ChannelSender, OutboundMessage, PushAddress, SendResult } from '../delivery/channel.types.js';
import { signPushReceipt } from './push-receipt-token.js';

export interface PushSenderOptions {
  vapid: VapidKeys;
  /** Signs each message's receipt token (PUSH_RECEIPT_SECRET); the receipt route checks it. */
  receiptSecret: string;
  /** How long a push service may keep the message for a device that is offline, in seconds. */
  ttlSeconds: number;
  /** A push service that has not answered by then is tried again later. */
  timeoutMs: number;
  /** Certificates to trust instead of the system's (a local push service in tests). */
  ca?: string | Buffer;
  /** Open connections kept per push service: messages to one service reuse them. */
  maxSockets?: number;
}

/** A VAPID token may live 24 h (RFC 8292); one is signed per push service and reused for an hour. */
const TOKEN_LIFETIME_SECONDS = 12 * 3600;
const TOKEN_REUSE_MS = 3600 * 1000;
const TITLE_MAX = 200;
const BODY_MAX = 500;

/**
 * RFC 8030 `Topic` (at most 32 base64url characters): a newer message with the same topic
 * replaces an undelivered older one at the push service, as the tag does on the device.
 */
export function topicOf(tag: string): string {
  return createHash('sha256').update(tag).digest('base64url').slice(0, 32);
}

/**
 * The JSON the service worker decrypts: what the notification shows, where a tap leads, and the
 * signed token it reports the message shown with.
 */
export function pushPayloadOf(message: OutboundMessage, receiptSecret: string): PushPayload {
  return {
    title: message.title.slice(0, TITLE_MAX),
    body: message.body.slice(0, BODY_MAX),
    url: message.url,
    tag: message.tag ?? null,
    receipt: signPushReceipt(receiptSecret, message.deliveryId),
  };
}

function failed(errorId: DeliveryErrorId, retry: boolean, gone = false): SendResult {
  return gone ? { outcome: 'failed', errorId, retry, gone } : { outcome: 'failed', errorId, retry };
}

/** What an answer of the push service means for this delivery. */
export function resultOfStatus(status: number): SendResult {
  if (status === 404 || status === 410) return failed('push_subscription_gone', false, true);
  if (status === 429) return failed('push_throttled', true);
  if (status >= 500) return failed('push_service_unavailable', true);
  return failed('push_rejected', false);
}

class PushTimeout extends Error {}

/**
 * Web Push over RFC 8030 with aes128gcm payloads (RFC 8291) and VAPID (RFC 8292), through the
 * `web-push` library. Connections to each push service are kept alive and VAPID tokens reused, so
 * a warning to many devices costs one encryption and one request per device, not a TLS handshake
 * and a signature each.
 */
export class PushSender implements ChannelSender<'push'> {
  readonly channel = 'push' as const;
  private readonly agent: Agent;
  private readonly tokens = new Map<string, { authorization: string; signedAt: number }>();

  constructor(private readonly options: PushSenderOptions) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 64,
      ...(options.ca ? { ca: options.ca } : {}),
    });
  }

  private authorizationFor(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const now = Date.now();
    const cached = this.tokens.get(audience);
    if (cached && now - cached.signedAt < TOKEN_REUSE_MS) return cached.authorization;
    const { publicKey, privateKey, subject } = this.options.vapid;
    const expiration = Math.floor(now / 1000) + TOKEN_LIFETIME_SECONDS;
    const headers = webpush.getVapidHeaders(
      audience,
      subject,
      publicKey,
      privateKey,
      'aes128gcm',
      expiration,
    );
    const authorization = String(headers.Authorization);
    this.tokens.set(audience, { authorization, signedAt: now });
    return authorization;
  }

  async send(address: PushAddress, message: OutboundMessage): Promise<SendResult> {
    let request: Promise<webpush.SendResult>;
    try {
      request = webpush.sendNotification(
        { endpoint: address.endpoint, keys: address.keys },
        JSON.stringify(pushPayloadOf(message, this.options.receiptSecret)),
        {
          // No vapidDetails: the token is signed here once per push service (the library would sign
          // one per message) and travels as this header.
          headers: { Authorization: this.authorizationFor(address.endpoint) },
          TTL: this.options.ttlSeconds,
          urgency: message.urgency,
          ...(message.tag ? { topic: topicOf(message.tag) } : {}),
          contentEncoding: 'aes128gcm',
          timeout: this.options.timeoutMs,
          agent: this.agent,
        },
      );
    } catch {
      // Keys the library cannot encrypt to: nothing a retry would change.
      return failed('push_rejected', false);
    }
    let timer: NodeJS.Timeout | undefined;
    // The library's timeout is per idle socket; this bounds the whole exchange, trickled answers too.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new PushTimeout()), this.options.timeoutMs);
    });
    try {
      const answer = await Promise.race([request, deadline]);
      const location = answer.headers.location;
      return { outcome: 'sent', providerRef: typeof location === 'string' ? location : null };
    } catch (error) {
      if (error instanceof webpush.WebPushError) return resultOfStatus(error.statusCode);
      if (error instanceof PushTimeout || (error instanceof Error && error.message === 'Socket timeout')) {
        return failed('push_timeout', true);
      }
      if (error instanceof Error && /keys|encrypt|p256dh|auth/i.test(error.message)) {
        return failed('push_rejected', false);
      }
      // Refused, reset or unresolvable: the service (or the way to it) is down for now.
      return failed('push_service_unavailable', true);
    } finally {
      clearTimeout(timer);
      // A request the deadline gave up on must not surface as an unhandled rejection later.
      request.catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.agent.destroy();
    return Promise.resolve();
  }
}
