/**
 * Escalation when the far ends and the cluster misbehave, over the real local peers (push service,
 * SMTP server, SMPP SMSC): a device gone (410), a push service failing (500), an invalid number, a
 * mailbox that does not exist, a slow SMTP server; then a server node killed with SIGKILL in the
 * middle of the SMS step and Redis restarted. Nobody is lost, nobody gets anything twice on one
 * channel, and every failure is in what HQ reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import type { Position } from '../geo/src/geometry.js';
import type { DeliveryStatsEvent, ReachResponse } from '../contract/delivery/delivery.schema.js';
import type { Database } from '../server/src/db/database.js';
import type { ChannelName } from '../server/src/modules/delivery/channel.types.js';
import { evacuationOrder } from './support/cap-alerts.js';
import { openTestDatabase } from './support/database.js';
import { buildMunicipalityWithBoundary, buildResidentsAt, buildUser } from './support/factories.js';
import { HttpClient } from './support/http-client.js';
import { realPeers, type RealPeers } from './support/real-peers.js';
import { freePort, startServerNode, type ServerNode } from './support/server-nodes.js';
import { startTestServer, TEST_JOBS_SCHEMA, type TestServer } from './support/test-server.js';

const waitFor = async <T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
  what = 'condition',
): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

interface Channels {
  push?: boolean;
  sms?: boolean;
  email?: boolean;
}

interface Person {
  residentId: string;
  push?: string;
  sms?: string;
  email?: string;
}

/** The people of one test, their square of the map, and what HQ and the database say about them. */
class Scene {
  private readonly origin: Position = [150 + randomInt(1000) / 100, -30 - randomInt(500) / 100];
  municipality = '';

  constructor(
    private readonly db: Database,
    private readonly peers: RealPeers,
  ) {}

  async init(): Promise<void> {
    const [x, y] = this.origin;
    this.municipality = await buildMunicipalityWithBoundary(this.db, {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [x - 1, y - 1],
            [x + 1, y - 1],
            [x + 1, y + 1],
            [x - 1, y + 1],
            [x - 1, y - 1],
          ],
        ],
      ],
    });
  }

  get polygon(): string {
    const [x, y] = this.origin;
    return formatCapPolygon([
      [x, y],
      [x + 0.05, y],
      [x + 0.05, y + 0.05],
      [x, y + 0.05],
    ]);
  }

  async people(count: number, channels: Channels): Promise<Person[]> {
    const homes = Array.from({ length: count }, (): Position => [
      this.origin[0] + 0.01 + randomInt(300) / 10_000,
      this.origin[1] + 0.01 + randomInt(300) / 10_000,
    ]);
    const ids = await buildResidentsAt(this.db, homes);
    await this.db.query('UPDATE residents SET home_municipality_code = $2 WHERE id = ANY ($1::uuid[])', [
      ids,
      this.municipality,
    ]);
    const people: Person[] = [];
    for (const residentId of ids) {
      const p: Person = { residentId };
      if (channels.push) {
        const user = await buildUser(this.db, { role: 'resident', residentId });
        const sub = await this.peers.newPushSubscription();
        await this.db.query(
          'INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)',
          [user.id, sub.endpoint, sub.p256dh, sub.auth],
        );
        p.push = sub.endpoint;
      }
      for (const channel of ['sms', 'email'] as const) {
        if (!channels[channel]) continue;
        const address = channel === 'sms' ? this.peers.newMsisdn() : this.peers.newEmailAddress();
        await this.db.query(
          `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version)
           VALUES ($1, $2, $3, now(), now(), '2026-12-v1')`,
          [residentId, channel, address],
        );
        p[channel] = address;
      }
      people.push(p);
    }
    return people;
  }

  async issue(hq: HttpClient): Promise<string> {
    const body = evacuationOrder(this.polygon);
    for (const info of body.info as { severity: string }[]) info.severity = 'Extreme';
    const { status, body: issued } = await hq.post('/api/alerts', body);
    expect(status).toBe(201);
    return (issued as { alert: { id: string } }).alert.id;
  }

  async rows(alertId: string) {
    const { rows } = await this.db.query<{
      resident_id: string;
      channel: string;
      status: string;
      error_id: string | null;
    }>(
      `SELECT resident_id::text, channel, status, error_id FROM deliveries
        WHERE message_id = $1 ORDER BY resident_id, id`,
      [alertId],
    );
    return rows;
  }

  sentTo(channel: ChannelName, address: string | undefined) {
    return this.peers.received(channel).filter((m) => m.address === address);
  }

  /** Nobody got anything twice on one channel. */
  expectNoDuplicates(): void {
    for (const channel of ['push', 'email', 'sms'] as const) {
      const addresses = this.peers.received(channel).map((m) => m.address);
      expect(addresses.length, `${channel} sends`).toBe(new Set(addresses).size);
    }
  }
}

const POLICY = {
  policies: {
    Extreme: [
      { afterSeconds: 0, channels: ['push'] },
      { afterSeconds: 2, channels: ['sms'] },
      { afterSeconds: 4, channels: ['email'] },
      { afterSeconds: 12, channels: ['visit'] },
    ],
  },
  retry: { attempts: 2, backoffSeconds: 0.2 },
  staleSendingSeconds: 5,
  batchSize: 20,
};

describe('escalation over failing providers', () => {
  let t: TestServer;
  let peers: RealPeers;
  let hq: HttpClient;
  /** A square of the map and a municipality of its own, so a warning targets only this test's people. */
  const newScene = async () => {
    const scene = new Scene(t.db, peers);
    await scene.init();
    return scene;
  };

  beforeAll(async () => {
    peers = await realPeers();
    t = await startTestServer(
      {
        ESCALATION_POLICY: JSON.stringify(POLICY),
        JOBS_SCHEMA: TEST_JOBS_SCHEMA,
        PUSH_RECEIPT_SECRET: peers.receiptSecret,
      },
      { channelSenders: peers.senders },
    );
    const operator = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(operator.username, operator.password);
  });

  afterAll(async () => {
    await t?.close();
    await peers?.close();
  });

  it('moves each person past a gone device, a failing push service, a bad number and an unknown mailbox; HQ sees every failure', async () => {
    const scene = await newScene();
    const [deviceGone] = await scene.people(1, { push: true, sms: true });
    const [pushFailing] = await scene.people(1, { push: true, email: true });
    const [badNumber] = await scene.people(1, { sms: true, email: true });
    const [noMailbox] = await scene.people(1, { email: true });
    peers.refuse('push', deviceGone!.push!, { retry: false });
    peers.refuse('push', pushFailing!.push!, { retry: true });
    peers.smsc.rejectDestination(badNumber!.sms!);
    peers.refuse('email', noMailbox!.email!, { retry: false });

    const alertId = await scene.issue(hq);
    // Everyone ends at a visit: nothing confirmed them, nobody read.
    await waitFor(
      async () => (await scene.rows(alertId)).filter((r) => r.channel === 'visit').length === 4,
      30_000,
      'four visits',
    );
    const rows = await scene.rows(alertId);
    const of = (p: Person | undefined) =>
      rows
        .filter((r) => r.resident_id === p!.residentId)
        .map((r) => `${r.channel}:${r.status}:${r.error_id}`);
    expect(of(deviceGone)).toEqual([
      'push:failed:push_subscription_gone',
      'sms:sent:null',
      'visit:sent:null',
    ]);
    expect(of(pushFailing)).toEqual([
      'push:failed:push_service_unavailable',
      'email:sent:null',
      'visit:sent:null',
    ]);
    expect(of(badNumber)).toEqual(['sms:failed:sms_number_invalid', 'email:sent:null', 'visit:sent:null']);
    expect(of(noMailbox)).toEqual(['email:failed:email_mailbox_unknown', 'visit:sent:null']);

    // The gone device and the invalid number are not used again.
    const devices = await t.db.query('SELECT 1 FROM push_subscriptions WHERE endpoint = $1', [
      deviceGone!.push,
    ]);
    expect(devices.rows).toHaveLength(0);
    const numbers = await t.db.query<{ verified_at: Date | null }>(
      "SELECT verified_at FROM contact_points WHERE resident_id = $1 AND channel = 'sms'",
      [badNumber!.residentId],
    );
    expect(numbers.rows[0]?.verified_at).toBeNull();

    // The failing push service was tried as often as the policy allows, the others once.
    expect(peers.pushService.rejected.filter((r) => r.status === 500)).toHaveLength(POLICY.retry.attempts);
    scene.expectNoDuplicates();

    const reach = (await hq.get(`/api/alerts/${alertId}/reach`)).body as ReachResponse;
    const channel = (name: string) => reach.channels.find((c) => c.channel === name);
    expect(channel('push')).toMatchObject({ failed: 2, sent: 0 });
    expect(channel('sms')).toMatchObject({ failed: 1, sent: 1 });
    expect(channel('email')).toMatchObject({ failed: 1, sent: 2 });
    expect(reach.funnel).toMatchObject({ targeted: 4, reached: 0 });
  });

  it('a delivery receipt that overtakes the recording of its send still counts', async () => {
    const scene = await newScene();
    const [person] = await scene.people(1, { sms: true });
    // The handset confirms the moment the SMSC takes the message: the receipt follows the
    // submit_sm_resp at once, before the server has written the SMSC's message id to the row.
    void peers.smsc.nextSubmitTo(person!.sms!, 30_000).then(() => peers.smsc.releaseReceipt(person!.sms!));
    const alertId = await scene.issue(hq);
    const sms = await waitFor(
      async () => (await scene.rows(alertId)).find((r) => r.channel === 'sms' && r.status === 'delivered'),
      30_000,
      'the SMS delivered',
    );
    expect(sms.error_id).toBeNull();
  });

  it('a slow SMTP server: the e-mail times out, is tried again, and the person still gets their visit', async () => {
    const scene = await newScene();
    const [person] = await scene.people(1, { email: true });
    peers.smtp.slowGreeting(6_000);
    try {
      const alertId = await scene.issue(hq);
      // The visit step comes on schedule, whether or not the second e-mail attempt is still waiting.
      await waitFor(
        async () => {
          const rows = await scene.rows(alertId);
          return rows.some((r) => r.channel === 'visit') && rows.every((r) => r.status !== 'sending');
        },
        40_000,
        'the visit and the e-mail’s last attempt',
      );
      const rows = await scene.rows(alertId);
      expect(rows.map((r) => `${r.channel}:${r.status}:${r.error_id}`)).toEqual([
        'email:failed:email_timeout',
        'visit:sent:null',
      ]);
      expect(scene.sentTo('email', person!.email)).toHaveLength(0);
    } finally {
      peers.smtp.slowGreeting(0);
    }
  });
});

/** A Redis of this test's own, so restarting it disturbs no other test. */
class OwnRedis {
  private process: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  async down(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

describe.skipIf(!process.env.DATABASE_URL)(
  'escalation across server nodes: one killed, Redis restarted',
  () => {
    let db: Database;
    let peers: RealPeers;
    let redis: OwnRedis;
    let scene: Scene;
    const nodes: ServerNode[] = [];
    let hqSocket: Socket | null = null;

    beforeAll(async () => {
      db = await openTestDatabase();
      peers = await realPeers();
      redis = await OwnRedis.start();
      scene = new Scene(db, peers);
      await scene.init();
      const caFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'hinan-push-ca-')), 'ca.pem');
      writeFileSync(caFile, peers.pushService.ca);
      const env = {
        DATABASE_URL: process.env.DATABASE_URL ?? '',
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: `test-faults-${randomUUID().slice(0, 8)}`,
        JOBS_SCHEMA: `jobs_test_${randomUUID().slice(0, 8).replace(/-/g, '')}`,
        ESCALATION_POLICY: JSON.stringify(POLICY),
        VAPID_PUBLIC_KEY: peers.vapid.publicKey,
        VAPID_PRIVATE_KEY: peers.vapid.privateKey,
        VAPID_SUBJECT: peers.vapid.subject,
        PUSH_RECEIPT_SECRET: peers.receiptSecret,
        NODE_EXTRA_CA_CERTS: caFile,
        SMTP_URL: peers.smtp.url,
        SMPP_URL: peers.smsc.url,
      };
      nodes.push(...(await Promise.all([startServerNode('a', env), startServerNode('b', env)])));
    });

    afterAll(async () => {
      hqSocket?.disconnect();
      await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
      await redis?.down();
      await peers?.close();
      await db?.close();
    });

    it('loses nobody and sends nothing twice when a node dies mid-step and Redis restarts; HQ’s live counts go on', async () => {
      const [a, b] = nodes as [ServerNode, ServerNode];
      const people = await scene.people(120, { sms: true, email: true });
      const operator = await buildUser(db, { role: 'hq_operator' });
      const hq = new HttpClient(b.url);
      await hq.login(operator.username, operator.password);
      hqSocket = connect(b.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: hq.cookieHeader! },
      });
      const stats: DeliveryStatsEvent[] = [];
      hqSocket.on('delivery:stats', (event: DeliveryStatsEvent) => stats.push(event));
      await new Promise<void>((resolve) => hqSocket!.once('connect', () => resolve()));

      const alertId = await scene.issue(hq);
      // The SMS step is under way: node A dies at once, without a chance to tidy up.
      await waitFor(() => peers.received('sms').length > 0, 20_000, 'the first SMS');
      await a.kill('SIGKILL');
      await redis.down();
      await new Promise((r) => setTimeout(r, 1_000));
      await redis.up();

      // Every person gets to their visit on the surviving node, and every send of the dead node's
      // batches ends: its claimed sends as unknown, the rest sent by the batch's retry.
      const rows = await waitFor(
        async () => {
          const all = await scene.rows(alertId);
          const visits = all.filter((r) => r.channel === 'visit').length;
          const open = all.filter((r) => r.status === 'queued' || r.status === 'sending').length;
          return visits === people.length && open === 0 && all;
        },
        90_000,
        'a visit for everyone and every send ended',
      );
      for (const p of people) {
        const mine = rows.filter((r) => r.resident_id === p.residentId);
        const sms = mine.filter((r) => r.channel === 'sms');
        expect(sms).toHaveLength(1);
        // Sent, or left `sending` by the dead node: then never sent again, and known as unknown.
        if (sms[0]!.status === 'failed') expect(sms[0]!.error_id).toBe('outcome_unknown');
        else expect(scene.sentTo('sms', p.sms)).toHaveLength(1);
        expect(mine.filter((r) => r.channel === 'email').map((r) => r.status)).toEqual(['sent']);
        expect(scene.sentTo('email', p.email)).toHaveLength(1);
      }
      scene.expectNoDuplicates();

      // HQ's live counts kept coming through the restarted Redis, and end where the REST answer is.
      const reach = (await hq.get(`/api/alerts/${alertId}/reach`)).body as ReachResponse;
      const latest = () => stats.filter((s) => s.messageId === alertId).at(-1)?.channels;
      await waitFor(
        () => JSON.stringify(latest()) === JSON.stringify(reach.channels),
        10_000,
        'a live count equal to the final one',
      ).catch(() => expect(latest()).toEqual(reach.channels));
    }, 180_000);
  },
);
