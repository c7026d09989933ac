/**
 * A local push service (RFC 8030) for tests: a real HTTPS server on 127.0.0.1 that accepts push
 * messages the way FCM or Mozilla's autopush do. It checks the VAPID token (RFC 8292: ES256 JWT
 * signed by the application server's key, `aud` = this service's origin, `exp` in the future and
 * at most 24 h away) and decrypts the aes128gcm body (RFC 8188/8291) with the subscription's own
 * private key and auth secret, exactly as a browser would. Each subscription can be told to answer
 * 410, 500 or 429, or to answer slowly.
 */
import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ece from 'http_ece';

export type SubscriptionBehaviour =
  | { answer: 'accept' }
  | { answer: 'gone' }
  | { answer: 'error' }
  | { answer: 'throttle' }
  | { answer: 'slow'; delayMs: number };

export interface LocalSubscription {
  id: string;
  /** What `PushSubscription.toJSON()` gives a page: hand it to the app's subscribe route. */
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
  behaviour: SubscriptionBehaviour;
}

export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted body, as the service worker's `event.data.text()` would see it. */
  plaintext: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  /** The verified VAPID claims. */
  claims: { aud: string; exp: number; sub: string };
  vapidPublicKey: string;
}

export interface RejectedPush {
  subscriptionId: string | null;
  status: number;
  reason: string;
}

interface SubscriptionState extends LocalSubscription {
  ecdh: ECDH;
  authSecret: Buffer;
}

type Listener = (push: ReceivedPush) => void | Promise<void>;

/** A self-signed certificate for 127.0.0.1, made with the system's openssl for this run only. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hinan-push-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A VAPID key pair for a server under test, as its environment takes it: the test starts the push
 * service with the public key before the server exists, so the service refuses any other key.
 */
export function newVapidKeys(): { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString('base64url'),
    // 32 bytes exactly: a scalar with leading zero bytes keeps them.
    VAPID_PRIVATE_KEY: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()])
      .subarray(-32)
      .toString('base64url'),
  };
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' ? value : null;
}

/** RFC 8292 §3: `Authorization: vapid t=<JWT>, k=<public key>`, checked against the key it names. */
function verifyVapid(
  authorization: string | null,
  origin: string,
  expectedKey: string | null,
): { claims: ReceivedPush['claims']; key: string } {
  const match = authorization?.match(/^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/);
  if (!match) throw new Refused(401, 'no vapid authorization');
  const [, token = '', key = ''] = match;
  if (expectedKey !== null && key !== expectedKey)
    throw new Refused(403, 'a different application server key');
  const [head = '', body = '', signature = ''] = token.split('.');
  const jwtHeader = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string; typ?: string };
  if (jwtHeader.alg !== 'ES256') throw new Refused(401, 'token not ES256');
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Refused(401, 'k is not an uncompressed P-256 key');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new Refused(401, 'bad token signature');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Partial<ReceivedPush['claims']>;
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== origin) throw new Refused(401, `token aud ${String(claims.aud)} is not ${origin}`);
  if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp > now + 24 * 3600) {
    throw new Refused(401, 'token expired or valid for more than 24 h');
  }
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) {
    throw new Refused(401, 'token sub is not mailto: or https:');
  }
  return { claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub }, key };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new Refused(413, 'payload too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class LocalPushService {
  readonly received: ReceivedPush[] = [];
  readonly rejected: RejectedPush[] = [];
  private readonly subscriptions = new Map<string, SubscriptionState>();
  private readonly listeners = new Set<Listener>();
  /** Answers held back by `slow` subscriptions, released at close. */
  private readonly held = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    /** The certificate to trust (PushSender's `ca`). */
    readonly ca: string,
    readonly origin: string,
    private readonly vapidPublicKey: string | null,
  ) {}

  /** Starts the service; with `vapidPublicKey` it refuses tokens signed by any other key. */
  static async start(options: { vapidPublicKey?: string } = {}): Promise<LocalPushService> {
    const { key, cert } = selfSignedCertificate();
    let service: LocalPushService | null = null;
    const server = createServer({ key, cert, keepAlive: true }, (req, res) => {
      void service?.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    service = new LocalPushService(server, cert, `https://127.0.0.1:${port}`, options.vapidPublicKey ?? null);
    return service;
  }

  /** A new subscription as a browser's push manager would create it: key pair, auth secret, endpoint. */
  subscribe(behaviour: SubscriptionBehaviour = { answer: 'accept' }): LocalSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const state: SubscriptionState = {
      id,
      ecdh,
      authSecret,
      behaviour,
      json: {
        endpoint: `${this.origin}/push/${id}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
      },
    };
    this.subscriptions.set(id, state);
    return state;
  }

  /** From now on the subscription answers this way (a device that uninstalled: `gone`). */
  setBehaviour(subscriptionId: string, behaviour: SubscriptionBehaviour): void {
    const state = this.subscriptions.get(subscriptionId);
    if (!state) throw new Error(`no subscription ${subscriptionId}`);
    state.behaviour = behaviour;
  }

  /** Called with every accepted, verified and decrypted message (the delivery leg to a device). */
  onPush(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  messagesFor(subscriptionId: string): ReceivedPush[] {
    return this.received.filter((push) => push.subscriptionId === subscriptionId);
  }

  /** Waits until `count` messages for the subscription were accepted. */
  async waitForMessages(subscriptionId: string, count = 1, timeoutMs = 10_000): Promise<ReceivedPush[]> {
    const until = Date.now() + timeoutMs;
    while (this.messagesFor(subscriptionId).length < count) {
      if (Date.now() > until)
        throw new Error(`push service: no message for ${subscriptionId} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.messagesFor(subscriptionId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = req.url?.match(/^\/push\/([0-9a-f-]{36})$/)?.[1] ?? null;
    try {
      if (req.method !== 'POST' || id === null) throw new Refused(404, 'no such resource');
      const body = await readBody(req, 4096 + 1024);
      const state = this.subscriptions.get(id);
      if (!state) throw new Refused(404, 'unknown subscription');
      const behaviour = state.behaviour;
      if (behaviour.answer === 'gone') throw new Refused(410, 'subscription gone');
      if (behaviour.answer === 'error') throw new Refused(500, 'push service failure');
      if (behaviour.answer === 'throttle') throw new Refused(429, 'too many messages');
      const vapid = verifyVapid(header(req.headers, 'authorization'), this.origin, this.vapidPublicKey);
      const ttl = Number(header(req.headers, 'ttl'));
      if (!Number.isInteger(ttl) || ttl < 0) throw new Refused(400, 'TTL header missing or invalid');
      if (header(req.headers, 'content-encoding') !== 'aes128gcm') throw new Refused(415, 'not aes128gcm');
      if (body.length > 4096) throw new Refused(413, 'payload over 4096 bytes');
      let plaintext: string;
      try {
        plaintext = ece
          .decrypt(body, { version: 'aes128gcm', privateKey: state.ecdh, authSecret: state.authSecret })
          .toString('utf8');
      } catch (error) {
        throw new Refused(400, `payload does not decrypt: ${String(error)}`);
      }
      const push: ReceivedPush = {
        subscriptionId: id,
        plaintext,
        ttl,
        urgency: header(req.headers, 'urgency'),
        topic: header(req.headers, 'topic'),
        claims: vapid.claims,
        vapidPublicKey: vapid.key,
      };
      if (behaviour.answer === 'slow') {
        this.held.add(res);
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        this.held.delete(res);
        if (res.destroyed) return;
      }
      this.received.push(push);
      res.writeHead(201, { Location: `${this.origin}/message/${randomUUID()}` }).end();
      for (const listener of this.listeners) await listener(push);
    } catch (error) {
      const status = error instanceof Refused ? error.status : 500;
      this.rejected.push({ subscriptionId: id, status, reason: String(error) });
      if (!res.headersSent && !res.destroyed)
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(String(error));
    }
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
