/**
 * Signed push receipts end to end on the server: HQ issues a warning through the API, escalation
 * sends it through the real PushSender to the local push service, which decrypts it as a device
 * would. Each test then plays the service worker: it posts the token the message carried to the
 * public receipt route, without a session. Exactly that delivery becomes delivered, HQ's reach
 * and live counts follow, a replay counts once, and escalation skips the person where the policy
 * says `unless: delivered`. Tokens the server did not sign are refused alike, whether or not their
 * delivery exists.
 */
import { randomInt } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReachResponse } from '../contract/delivery/delivery.schema.js';
import { warningLink } from '../contract/portal-links.js';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import type { Position } from '../geo/src/geometry.js';
import { pushSenderFor } from '../server/src/modules/push/push.module.js';
import { signPushReceipt } from '../server/src/modules/push/push-receipt-token.js';
import type { PushSender } from '../server/src/modules/push/push-sender.js';
import type { DeliveryStatsEvent } from '../server/src/realtime/events.js';
import { resolvePushReceiptSecret } from '../server/src/secrets.js';
import { evacuationOrder } from './support/cap-alerts.js';
import { buildMunicipalityWithBoundary, buildResidentsAt, buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { LocalPushService, newVapidKeys, type LocalSubscription } from './support/push-service.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Push at once; a visit after 8 s for whoever no channel has reached by then. */
const ESCALATION_POLICY = JSON.stringify({
  policies: {
    Extreme: [
      { afterSeconds: 0, channels: ['push'] },
      { afterSeconds: 8, channels: ['visit'], unless: 'delivered' },
    ],
  },
});

interface Person {
  residentId: string;
  username: string;
  device: LocalSubscription;
}

interface Payload {
  title: string;
  body: string;
  url: string;
  tag: string | null;
  receipt: string;
}

const waitFor = async <T>(read: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> => {
  const until = Date.now() + 12_000;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('signed push receipts', () => {
  const vapid = newVapidKeys();
  let service: LocalPushService;
  let sender: PushSender | undefined;
  let t: TestServer;
  let hq: HttpClient;
  let hqSocket: Socket;
  const stats: DeliveryStatsEvent[] = [];
  const O: Position = [140 + randomInt(1000) / 100, 20 + randomInt(500) / 100];
  let nextArea = 0;

  beforeAll(async () => {
    service = await LocalPushService.start({ vapidPublicKey: vapid.VAPID_PUBLIC_KEY });
    t = await startTestServer(
      { ESCALATION_POLICY, ...vapid },
      // The server's own sender (its keys and receipt secret), trusting the local push service.
      { channelSenders: (config) => ({ push: (sender = pushSenderFor(config, { ca: service.ca })) }) },
    );
    await buildMunicipalityWithBoundary(t.db, {
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
    const operator = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(operator.username, operator.password);
    hqSocket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: hq.cookieHeader! },
      reconnection: false,
    });
    hqSocket.on('delivery:stats', (event: DeliveryStatsEvent) => stats.push(event));
    await new Promise<void>((resolve, reject) => {
      hqSocket.once('connect', resolve);
      hqSocket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    hqSocket?.disconnect();
    await t?.close();
    await sender?.close();
    await service?.close();
  });

  /** A square of its own per test, so each warning targets only that test's people. */
  function area(): { polygon: string; home: () => [number, number] } {
    const x = O[0] + nextArea * 0.1;
    nextArea += 1;
    const at = (dx: number, dy: number): Position => [x + dx, O[1] + dy];
    return {
      polygon: formatCapPolygon([at(0, 0), at(0.05, 0), at(0.05, 0.05), at(0, 0.05)]),
      home: () => [x + 0.01 + randomInt(300) / 10_000, O[1] + 0.01 + randomInt(300) / 10_000],
    };
  }

  /** A resident whose device subscribed through the app's own route. */
  async function person(home: [number, number]): Promise<Person> {
    const [residentId] = await buildResidentsAt(t.db, [home]);
    const user = await buildUser(t.db, { role: 'resident', residentId: residentId! });
    const client = t.client();
    await client.login(user.username, user.password);
    const device = service.subscribe();
    expect((await client.post('/api/me/push-devices', { ...device.json, deviceLabel: 'phone' })).status).toBe(
      201,
    );
    return { residentId: residentId!, username: user.username, device };
  }

  async function issue(polygon: string): Promise<string> {
    const body = evacuationOrder(polygon);
    for (const info of body.info as { severity: string }[]) info.severity = 'Extreme';
    const { status, body: issued } = await hq.post('/api/alerts', body);
    expect(status).toBe(201);
    return (issued as { alert: { id: string } }).alert.id;
  }

  /** What the device decrypted: the first push message to it. */
  async function pushTo(p: Person): Promise<Payload> {
    const [push] = await service.waitForMessages(p.device.id);
    return JSON.parse(push!.plaintext) as Payload;
  }

  async function rowOf(alertId: string, residentId: string, channel = 'push') {
    const { rows } = await t.db.query<{ id: string; status: string; delivered_at: Date | null }>(
      `SELECT id::text, status, delivered_at FROM deliveries
        WHERE message_id = $1 AND resident_id = $2 AND channel = $3`,
      [alertId, residentId, channel],
    );
    return rows[0];
  }

  /** The service worker's request: no cookie, no CSRF token, only the token. */
  const report = (receipt: unknown) => t.client().post('/api/push/receipts', { receipt });

  async function reachOf(alertId: string): Promise<ReachResponse> {
    const { status, body } = await hq.get(`/api/alerts/${alertId}/reach`);
    expect(status).toBe(200);
    return body as ReachResponse;
  }
  const pushCounts = (reach: ReachResponse) => reach.channels.find((c) => c.channel === 'push');

  it('sends each device a token signed for its own delivery, the warning’s link, and nothing personal', async () => {
    const { polygon, home } = area();
    const p = await person(home());
    const alertId = await issue(polygon);
    const payload = await pushTo(p);
    const row = await waitFor(() => rowOf(alertId, p.residentId));

    expect(Object.keys(payload).sort()).toEqual(['body', 'receipt', 'tag', 'title', 'url']);
    expect(payload.receipt).toBe(signPushReceipt(resolvePushReceiptSecret(t.config), row.id));
    expect(payload.url).toBe(warningLink(t.config.publicBaseUrl, alertId));
    const text = JSON.stringify(payload);
    for (const personal of [p.residentId, p.username, '試験', '1980']) expect(text).not.toContain(personal);
  });

  it('marks exactly that delivery delivered: reach and HQ’s live counts follow, a replay counts once, escalation skips the person', async () => {
    const { polygon, home } = area();
    const shown = await person(home());
    const unseen = await person(home());
    const alertId = await issue(polygon);
    const payload = await pushTo(shown);
    await pushTo(unseen);
    const pushOf = (event: DeliveryStatsEvent) =>
      event.messageId === alertId ? event.channels.find((c) => c.channel === 'push') : undefined;
    // HQ has been told of both sends; from here on only the receipt (or the visit step) says more.
    await waitFor(() => stats.some((event) => pushOf(event)?.sent === 2));
    const seen = stats.length;

    expect((await report(payload.receipt)).status).toBe(204);
    const delivered = await rowOf(alertId, shown.residentId);
    expect(delivered).toMatchObject({ status: 'delivered' });
    expect(await rowOf(alertId, unseen.residentId)).toMatchObject({ status: 'sent', delivered_at: null });

    const reach = await reachOf(alertId);
    expect(pushCounts(reach)).toMatchObject({ delivered: 1, sent: 1 });
    expect(reach.funnel).toMatchObject({ targeted: 2, reached: 1, read: 0 });
    // Live, because of the receipt: before the visit step has written anything.
    await waitFor(() =>
      stats
        .slice(seen)
        .some(
          (event) =>
            pushOf(event)?.delivered === 1 &&
            pushOf(event)?.sent === 1 &&
            !event.channels.some((c) => c.channel === 'visit'),
        ),
    );

    // The same token again (a retried request, the person's second device): nothing changes.
    expect((await report(payload.receipt)).status).toBe(204);
    expect(await rowOf(alertId, shown.residentId)).toEqual(delivered);
    expect(pushCounts(await reachOf(alertId))).toMatchObject({ delivered: 1, sent: 1 });
    expect((await reachOf(alertId)).funnel.reached).toBe(1);

    // The visit step (`unless: delivered`) goes to the person whose device never said it showed it.
    await waitFor(async () => (await rowOf(alertId, unseen.residentId, 'visit')) !== undefined);
    expect(await rowOf(alertId, shown.residentId, 'visit')).toBeUndefined();
  });

  it('refuses tokens it did not sign with one answer, whether or not the delivery exists', async () => {
    const { polygon, home } = area();
    const p = await person(home());
    const alertId = await issue(polygon);
    const { receipt } = await pushTo(p);
    const row = await waitFor(async () => {
      const found = await rowOf(alertId, p.residentId);
      return found?.status === 'sent' && found;
    });
    const [id = '', mac = ''] = receipt.split('.');
    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const absent = '999999999999999999';
    const otherSecret = 'the secret of another installation, 32+ chars';

    const forged = {
      // This delivery (it exists).
      'another key': signPushReceipt(otherSecret, id),
      'mac altered': `${id}.${flip(mac, 10)}`,
      'mac cut short': receipt.slice(0, -1),
      'mac run long': `${receipt}A`,
      'id of the next delivery': `${BigInt(id) + 1n}.${mac}`,
      'id with a leading zero': `0${receipt}`,
      'no mac': id,
      'padding added': `${receipt}=`,
      // A delivery that does not exist.
      'absent, another key': signPushReceipt(otherSecret, absent),
      'absent, a mac of another delivery': `${absent}.${mac}`,
      'absent, malformed': `${absent}.not-a-mac`,
      'not a token at all': 'hello',
      empty: '',
    };
    const answers = await Promise.all(
      Object.entries(forged).map(async ([what, token]) => {
        const { status, body } = await report(token);
        return { what, status, body };
      }),
    );
    for (const answer of answers) {
      expect(answer, answer.what).toEqual({
        what: answer.what,
        status: 400,
        body: answers[0]!.body,
      });
    }
    expect((answers[0]!.body as { error: { id: string } }).error.id).toBe('push_receipt_invalid');
    expect(await rowOf(alertId, p.residentId)).toEqual(row);

    // Not a string is a body of the wrong shape, as for any route.
    expect(((await report(Number(id))).body as { error: { id: string } }).error.id).toBe('validation_failed');

    // A token the server signed is taken, but only ever for a push row: the person's visit row
    // (not a push) stays as it is, and an id without a row changes nothing.
    const visit = await waitFor(() => rowOf(alertId, p.residentId, 'visit'));
    const secret = resolvePushReceiptSecret(t.config);
    expect((await report(signPushReceipt(secret, visit.id))).status).toBe(204);
    expect(await rowOf(alertId, p.residentId, 'visit')).toEqual(visit);
    expect((await report(signPushReceipt(secret, absent))).status).toBe(204);
    expect(await rowOf(alertId, p.residentId)).toEqual(row);
    // The genuine token still works after all that.
    expect((await report(receipt)).status).toBe(204);
    expect(await rowOf(alertId, p.residentId)).toMatchObject({ status: 'delivered' });
  });

  it('keeps no table of unsigned receipts', async () => {
    const { rows } = await t.db.query<{ table: string | null }>(
      `SELECT to_regclass('push_receipts')::text AS table`,
    );
    expect(rows[0]!.table).toBeNull();
  });
});
