import { randomInt, randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import type { Position } from '../geo/src/geometry.js';
import type { DeliveryStatsEvent, ReachResponse } from '../contract/delivery/delivery.schema.js';
import type { Database } from '../server/src/db/database.js';
import type { ChannelName } from '../server/src/modules/delivery/channel.types.js';
import { evacuationOrder } from './support/cap-alerts.js';
import {
  buildCard,
  buildDesignation,
  buildMunicipalityWithBoundary,
  buildResidentsAt,
  buildShelterAt,
  buildUser,
  randomCardUid,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { realPeers, type RealPeers } from './support/real-peers.js';
import { registerReader, tapNow } from './support/readers.js';
import { startTestServer, TEST_JOBS_SCHEMA, type TestServer } from './support/test-server.js';

// The far ends: a push service that decrypts RFC 8291, an SMTP server and an SMPP SMSC, on localhost.
const makePeers = (): Promise<RealPeers> => realPeers();

/**
 * Short steps so the test runs in seconds: push at once, SMS after 3 s (time for a reader to read
 * first, even on a busy machine), e-mail after 7 s (far enough after SMS to tell a failover from
 * the step), designees asked after 8 s, a visit after 9 s.
 */
const ESCALATION_POLICY = JSON.stringify({
  policies: {
    Extreme: [
      { afterSeconds: 0, channels: ['push'] },
      { afterSeconds: 3, channels: ['sms'] },
      { afterSeconds: 7, channels: ['email'] },
      { afterSeconds: 8, channels: ['relay'] },
      { afterSeconds: 9, channels: ['visit'] },
    ],
  },
  retry: { attempts: 2, backoffSeconds: 0.2 },
  staleSendingSeconds: 5,
});
const EMAIL_STEP_MS = 7000;

interface Person {
  residentId: string;
  client?: HttpClient;
  push?: string;
  sms?: string;
  email?: string;
}

const waitFor = async <T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('escalation until read', () => {
  let t: TestServer;
  let db: Database;
  let peers: RealPeers;
  let hq: HttpClient;
  let hqSocket: Socket | undefined;
  const deliveryStats: DeliveryStatsEvent[] = [];
  let municipality: string;
  let env: Record<string, string>;
  const O: Position = [150 + randomInt(1000) / 100, 30 + randomInt(500) / 100];
  let nextArea = 0;
  /** After a restart the server runs on the first one's database, which the test then closes. */
  let restarted = false;

  /** A fresh square of its own for each warning, so each test targets only its own people. */
  function area(): { polygon: string; home: () => [number, number] } {
    const x = O[0] + nextArea * 0.1;
    nextArea += 1;
    const at = (dx: number, dy: number): Position => [x + dx, O[1] + dy];
    return {
      polygon: formatCapPolygon([at(0, 0), at(0.05, 0), at(0.05, 0.05), at(0, 0.05)]),
      home: () => [x + 0.01 + randomInt(300) / 10_000, O[1] + 0.01 + randomInt(300) / 10_000],
    };
  }

  async function person(
    home: [number, number],
    channels: { push?: boolean; sms?: boolean; email?: boolean; account?: boolean },
  ): Promise<Person> {
    const [residentId] = await buildResidentsAt(db, [home]);
    await db.query('UPDATE residents SET home_municipality_code = $2 WHERE id = $1', [
      residentId,
      municipality,
    ]);
    const p: Person = { residentId: residentId! };
    if (channels.account || channels.push) {
      const user = await buildUser(db, { role: 'resident', residentId: p.residentId });
      p.client = t.client();
      await p.client.login(user.username, user.password);
      if (channels.push) {
        const sub = await peers.newPushSubscription();
        await db.query(
          'INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)',
          [user.id, sub.endpoint, sub.p256dh, sub.auth],
        );
        p.push = sub.endpoint;
      }
    }
    for (const channel of ['sms', 'email'] as const) {
      if (!channels[channel]) continue;
      const address = channel === 'sms' ? peers.newMsisdn() : peers.newEmailAddress();
      await db.query(
        `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version)
         VALUES ($1, $2, $3, now(), now(), '2026-12-v1')`,
        [p.residentId, channel, address],
      );
      p[channel] = address;
    }
    return p;
  }

  async function issue(polygon: string): Promise<{ id: string; issuedAt: number }> {
    const body = evacuationOrder(polygon);
    for (const info of body.info as { severity: string }[]) info.severity = 'Extreme';
    const issuedAt = Date.now();
    const { status, body: issued } = await hq.post('/api/alerts', body);
    expect(status).toBe(201);
    return { id: (issued as { alert: { id: string } }).alert.id, issuedAt };
  }

  const sentTo = (channel: ChannelName, address: string | undefined) =>
    peers.received(channel).filter((m) => m.address === address);

  async function rowsOf(alertId: string, residentId: string) {
    const { rows } = await db.query<{
      id: string;
      channel: string;
      status: string;
      error_id: string | null;
      queued_at: Date;
    }>(
      `SELECT id::text, channel, status, error_id, queued_at FROM deliveries
        WHERE message_id = $1 AND resident_id = $2 ORDER BY id`,
      [alertId, residentId],
    );
    return rows;
  }

  async function visitHandOvers(alertId: string): Promise<string[]> {
    const { rows } = await db.query<{ data: { alertId: string; residentIds: string[] } }>(
      `SELECT data FROM ${TEST_JOBS_SCHEMA}.job WHERE name = 'visit-tasks.open' AND data->>'alertId' = $1`,
      [alertId],
    );
    return rows.flatMap((row) => row.data.residentIds);
  }

  /** Nobody got anything twice on one channel: the promise of escalation. */
  function expectNoDuplicates(): void {
    for (const channel of ['push', 'email', 'sms'] as const) {
      const addresses = peers.received(channel).map((m) => m.address);
      expect(addresses.length, `${channel} sends`).toBe(new Set(addresses).size);
    }
  }

  beforeAll(async () => {
    peers = await makePeers();
    env = { ESCALATION_POLICY, JOBS_SCHEMA: TEST_JOBS_SCHEMA, PUSH_RECEIPT_SECRET: peers.receiptSecret };
    t = await startTestServer(env, { channelSenders: peers.senders });
    db = t.db;
    municipality = await buildMunicipalityWithBoundary(db, {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [O[0] - 1, O[1] - 1],
            [O[0] + 2, O[1] - 1],
            [O[0] + 2, O[1] + 1],
            [O[0] - 1, O[1] + 1],
            [O[0] - 1, O[1] - 1],
          ],
        ],
      ],
    });
    const operator = await buildUser(db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(operator.username, operator.password);
    hqSocket = connect(t.url, { transports: ['websocket'], extraHeaders: { cookie: hq.cookieHeader! } });
    hqSocket.on('delivery:stats', (event: DeliveryStatsEvent) => deliveryStats.push(event));
    await new Promise<void>((resolve) => hqSocket!.once('connect', () => resolve()));
  });

  afterAll(async () => {
    hqSocket?.close();
    await t?.close();
    if (restarted) await db.close();
    await peers?.close();
  });

  it('goes push → SMS → e-mail → visit for the unread, stops for a reader, fails over, hands the unreachable to visits at once', async () => {
    const { polygon, home } = area();
    const unread = await person(home(), { push: true, sms: true, email: true });
    const reader = await person(home(), { push: true, sms: true, email: true });
    const failingSms = await person(home(), { sms: true, email: true, account: true });
    const unreachable = await person(home(), {});
    const emailOnly = await person(home(), { email: true });
    peers.refuse('sms', failingSms.sms!, { retry: true });
    // Someone the unread person named to check on them, living outside the warning's area.
    const designee = await person([O[0] - 0.5, O[1]], { push: true });
    await buildDesignation(db, { subjectId: unread.residentId, designeeId: designee.residentId });
    await buildDesignation(db, { subjectId: reader.residentId, designeeId: designee.residentId });

    const { id: alertId, issuedAt } = await issue(polygon);

    // Step 0: push at once; the person nobody can reach is handed to a visit at once.
    await waitFor(() => sentTo('push', unread.push).length === 1 && sentTo('push', reader.push).length === 1);
    expect(
      await waitFor(async () => (await visitHandOvers(alertId)).length > 0 && visitHandOvers(alertId)),
    ).toEqual([unreachable.residentId]);

    // The reader opens the warning before SMS is due.
    const inbox = await reader.client!.get('/api/me/inbox?after=0');
    const position = (inbox.body as { entries: { position: number }[] }).entries[0]!.position;
    expect((await reader.client!.post(`/api/me/inbox/${position}/read`)).status).toBe(200);

    // Step 1: SMS to the unread; the failing SMS is retried, then fails over to e-mail at once.
    await waitFor(() => sentTo('sms', unread.sms).length === 1);
    await waitFor(() => sentTo('email', failingSms.email).length === 1);
    const failing = await rowsOf(alertId, failingSms.residentId);
    expect(failing.find((r) => r.channel === 'sms')).toMatchObject({
      status: 'failed',
      error_id: 'sms_throttled',
    });
    const failoverEmail = failing.find((r) => r.channel === 'email')!;
    expect(failoverEmail.queued_at.getTime()).toBeLessThan(issuedAt + EMAIL_STEP_MS);

    // A delivery receipt from the SMS provider; the service worker reports the push shown.
    await peers.deliverReceipt('sms', unread.sms!);
    await waitFor(async () =>
      (await rowsOf(alertId, unread.residentId)).some((r) => r.channel === 'sms' && r.status === 'delivered'),
    );
    // The device decrypted the push and its service worker posts the signed receipt it carried.
    const shown = peers.pushService.received.find((m) => unread.push!.endsWith(`/push/${m.subscriptionId}`))!;
    const { receipt } = JSON.parse(shown.plaintext) as { receipt: string };
    expect((await t.client().post('/api/push/receipts', { receipt })).status).toBe(204);

    // Step 2 and 3: e-mail, then a visit, for those still unread.
    await waitFor(
      () => sentTo('email', unread.email).length === 1 && sentTo('email', emailOnly.email).length === 1,
    );
    await waitFor(async () => (await visitHandOvers(alertId)).length === 4);
    expect(new Set(await visitHandOvers(alertId))).toEqual(
      new Set([unreachable.residentId, unread.residentId, failingSms.residentId, emailOnly.residentId]),
    );

    // The designee of the unread person was asked once (not for the reader, who had read).
    const relayed = await waitFor(
      () => sentTo('push', designee.push).length > 0 && sentTo('push', designee.push),
    );
    expect(relayed).toHaveLength(1);
    expect(relayed[0]!.title).toBe('ご家族の安否確認のお願い');
    expect(relayed[0]!.title).not.toContain('試験');

    // The reader got the push and nothing after it.
    expect((await rowsOf(alertId, reader.residentId)).map((r) => r.channel)).toEqual(['push']);
    expect(sentTo('sms', reader.sms)).toHaveLength(0);
    expect(sentTo('email', reader.email)).toHaveLength(0);
    expect(sentTo('sms', failingSms.sms)).toHaveLength(0);
    expectNoDuplicates();

    // The funnel HQ reads: counted here from what the peers and the test saw.
    const reach = (await hq.get(`/api/alerts/${alertId}/reach`)).body as ReachResponse;
    expect(reach.funnel).toEqual({ targeted: 5, reached: 2, read: 1, responded: 0 });
    expect(reach.areas).toEqual([
      expect.objectContaining({
        municipalityCode: municipality,
        targeted: 5,
        reached: 2,
        read: 1,
        responded: 0,
      }),
    ]);
    const channel = (name: string) => reach.channels.find((c) => c.channel === name);
    expect(channel('push')).toMatchObject({ sent: 1, delivered: 1, read: 1, failed: 0 });
    expect(channel('sms')).toMatchObject({ delivered: 1, failed: 1, read: 0 });
    expect(channel('email')).toMatchObject({ sent: 3 });
    expect(channel('visit')).toMatchObject({ sent: 4 });
    expect(channel('relay')).toMatchObject({ sent: 1 });
    // The SMS the provider kept refusing, by its reason; the reader's app confirmed the warning.
    expect(reach.failures).toEqual([{ channel: 'sms', errorId: 'sms_throttled', failed: 1, retrying: 0 }]);
    expect(reach.inApp).toEqual({ delivered: 1 });
    // HQ's socket got the same counts live, the last of them without asking.
    const live = await waitFor(() =>
      deliveryStats.findLast(
        (e) => e.messageId === alertId && JSON.stringify(e.channels) === JSON.stringify(reach.channels),
      ),
    );
    expect(live).toMatchObject({ kind: 'alert', failures: reach.failures });
    expect((await t.client().get(`/api/alerts/${alertId}/reach`)).status).toBe(401);
    expect((await reader.client!.get(`/api/alerts/${alertId}/reach`)).status).toBe(403);
  });

  it('counts failures by channel and reason: ended, waiting for a retry, and without a reason given', async () => {
    const { polygon } = area();
    // Nobody lives there: no escalation runs, so the rows below are all the warning has.
    const { id: alertId } = await issue(polygon);
    const row = (channel: string, status: string, errorId: string | null) =>
      db.query(
        `INSERT INTO deliveries (message_kind, message_id, resident_id, channel, step, status, error_id, attempts)
         VALUES ('alert', $1, $2, $3, 0, $4, $5, 1)`,
        [alertId, randomUUID(), channel, status, errorId],
      );
    await row('sms', 'failed', 'sms_undeliv');
    await row('sms', 'failed', 'sms_undeliv');
    await row('sms', 'queued', 'sms_undeliv');
    await row('sms', 'queued', 'sms_throttled');
    await row('sms', 'queued', null);
    await row('email', 'failed', null);
    await row('push', 'sending', 'push_timeout');
    // Cancelled because the person read first, after a failed try: not a failure any more.
    await row('push', 'cancelled', 'push_throttled');
    await row('push', 'delivered', null);

    const reach = (await hq.get(`/api/alerts/${alertId}/reach`)).body as ReachResponse;
    expect(reach.failures).toEqual([
      { channel: 'sms', errorId: 'sms_undeliv', failed: 2, retrying: 1 },
      { channel: 'email', errorId: 'undeliverable', failed: 1, retrying: 0 },
      { channel: 'push', errorId: 'push_timeout', failed: 0, retrying: 1 },
      { channel: 'sms', errorId: 'sms_throttled', failed: 0, retrying: 1 },
    ]);
    expect(reach.channels.find((c) => c.channel === 'sms')).toMatchObject({ failed: 2, queued: 3 });
    expect(reach.channels.find((c) => c.channel === 'push')).toMatchObject({
      sending: 1,
      cancelled: 1,
      delivered: 1,
    });
    expect(reach.funnel).toEqual({ targeted: 0, reached: 0, read: 0, responded: 0 });
    expect(reach.inApp).toEqual({ delivered: 0 });
  });

  it('a send whose node died while sending is never sent again; the person moves on at once', async () => {
    const { polygon, home } = area();
    const person1 = await person(home(), { sms: true, email: true });
    const { id: alertId, issuedAt } = await issue(polygon);
    // As a node that claimed this SMS and died would have left it.
    await db.query(
      `INSERT INTO deliveries (message_kind, message_id, resident_id, channel, step, status, attempts, sending_at)
       VALUES ('alert', $1, $2, 'sms', 1, 'sending', 1, now() - interval '1 hour')`,
      [alertId, person1.residentId],
    );
    await waitFor(() => sentTo('email', person1.email).length === 1);
    const rows = await rowsOf(alertId, person1.residentId);
    expect(rows.find((r) => r.channel === 'sms')).toMatchObject({
      status: 'failed',
      error_id: 'outcome_unknown',
    });
    expect(rows.find((r) => r.channel === 'email')!.queued_at.getTime()).toBeLessThan(
      issuedAt + EMAIL_STEP_MS,
    );
    expect(sentTo('sms', person1.sms)).toHaveLength(0);
  });

  it('a person no channel reaches becomes a visit task that closes when staff tap their card at a shelter', async () => {
    const { polygon, home } = area();
    const unreachable = await person(home(), {});
    const { id: alertId } = await issue(polygon);
    const taskOf = async () =>
      (
        await db.query<{ status: string; closed_by_event: string | null; opened_via: string }>(
          'SELECT status, closed_by_event, opened_via FROM visit_tasks WHERE alert_id = $1 AND resident_id = $2',
          [alertId, unreachable.residentId],
        )
      ).rows;
    expect(await waitFor(async () => (await taskOf()).length > 0 && taskOf())).toEqual([
      { status: 'open', closed_by_event: null, opened_via: 'escalation' },
    ]);

    const shelterId = await buildShelterAt(db, { municipalityCode: municipality, at: home() });
    const staff = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelterId] });
    const staffClient = t.client();
    await staffClient.login(staff.username, staff.password);
    const { deviceKey } = await registerReader(staffClient, shelterId);
    const uid = randomCardUid();
    await buildCard(db, { residentId: unreachable.residentId, token: t.server.checkins.tokenFor(uid) });
    const reader: Socket = connect(`${t.url}/readers`, {
      transports: ['websocket'],
      auth: { deviceKey },
      reconnection: false,
    });
    try {
      await new Promise((resolve) => reader.once('reader:config', resolve));
      expect(await tapNow(reader, uid)).toMatchObject({ outcome: 'checked_in' });
    } finally {
      reader.disconnect();
    }
    expect(await taskOf()).toEqual([
      { status: 'closed_automatically', closed_by_event: 'card_tap', opened_via: 'escalation' },
    ]);
    expect((await rowsOf(alertId, unreachable.residentId)).map((r) => r.channel)).toEqual(['visit']);
  });

  it('survives a restart mid-escalation: no step lost, none sent twice', async () => {
    const { polygon, home } = area();
    const withPush = await person(home(), { push: true, sms: true, email: true });
    const withoutPush = await person(home(), { sms: true, email: true });
    const { id: alertId } = await issue(polygon);
    await waitFor(() => sentTo('push', withPush.push).length === 1);

    // The node stops before the SMS step is due; another starts on the same database and engine.
    await t.server.close();
    await sleep(1500);
    t = await startTestServer(env, { channelSenders: peers.senders, db });
    restarted = true;

    await waitFor(() =>
      [withPush, withoutPush].every(
        (p) => sentTo('sms', p.sms).length === 1 && sentTo('email', p.email).length === 1,
      ),
    );
    await waitFor(async () => (await visitHandOvers(alertId)).length === 2);
    await sleep(1000);
    expectNoDuplicates();
    for (const p of [withPush, withoutPush]) {
      const channels = (await rowsOf(alertId, p.residentId)).map((r) => `${r.channel}:${r.status}`);
      expect(channels).toEqual([...(p.push ? ['push:sent'] : []), 'sms:sent', 'email:sent', 'visit:sent']);
    }
  });
});
