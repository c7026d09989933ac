/**
 * Residents' push devices through the real API and database: subscribing (validated, the same
 * endpoint updated, a device taken over by the account that subscribed it last), the device list
 * (never the endpoints), removing a device or forgetting this one at sign-out, and what escalation
 * gets: the addresses of residents' devices, and a subscription deleted when its push service says
 * it is gone. (Receipts of shown messages: push-receipts.test.ts.)
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSenderFor } from '@server/modules/push/push.module.js';
import { pushAddressesOf, recordPushOutcome } from '@server/modules/push/push.queries.js';
import type { PushSender } from '@server/modules/push/push-sender.js';
import { checkEndpoint } from '@server/modules/push/subscription-check.js';
import { buildMunicipality, buildResident, buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { LocalPushService, type LocalSubscription } from './support/push-service.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface DeviceBody {
  id: string;
  deviceLabel: string;
  createdAt: string;
  lastSuccessAt: string | null;
  endpointHash: string;
}

const hashOf = (endpoint: string) => createHash('sha256').update(endpoint).digest('base64url').slice(0, 22);

describe('push devices', () => {
  let t: TestServer;
  let service: LocalPushService;
  let sender: PushSender;
  let municipality: Awaited<ReturnType<typeof buildMunicipality>>;

  beforeAll(async () => {
    t = await startTestServer();
    const { body } = await t.client().get('/api/push/vapid-key');
    service = await LocalPushService.start({ vapidPublicKey: (body as { publicKey: string }).publicKey });
    sender = pushSenderFor(t.config, { ca: service.ca });
    municipality = await buildMunicipality(t.db);
  });
  afterAll(async () => {
    await sender.close();
    await service.close();
    await t.close();
  });

  async function resident(): Promise<{ client: HttpClient; residentId: string; userId: string }> {
    const person = await buildResident(t.db, { municipality });
    const user = await buildUser(t.db, { role: 'resident', residentId: person.id });
    const client = t.client();
    await client.login(user.username, user.password);
    return { client, residentId: person.id, userId: user.id };
  }

  const subscribe = (client: HttpClient, sub: LocalSubscription, deviceLabel = 'Chromium on Linux') =>
    client.post('/api/me/push-devices', { ...sub.json, deviceLabel });
  const devicesOf = async (client: HttpClient) => {
    const { status, body } = await client.get('/api/me/push-devices');
    expect(status).toBe(200);
    return (body as { devices: DeviceBody[] }).devices;
  };

  it('hands out the VAPID public key the server signs with, to anyone', async () => {
    const { status, body } = await t.client().get('/api/push/vapid-key');
    expect(status).toBe(200);
    const { publicKey } = body as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
  });

  it('subscribes a device, lists it without its endpoint, and updates it when it subscribes again', async () => {
    const { client } = await resident();
    const sub = service.subscribe();
    const first = await subscribe(client, sub);
    expect(first.status).toBe(201);
    const device = (first.body as { device: DeviceBody }).device;
    expect(device).toMatchObject({
      deviceLabel: 'Chromium on Linux',
      endpointHash: hashOf(sub.json.endpoint),
    });

    const again = await subscribe(client, sub, 'Firefox');
    expect((again.body as { device: DeviceBody }).device.id).toBe(device.id);
    const listed = await devicesOf(client);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: device.id, deviceLabel: 'Firefox' });
    expect(JSON.stringify(listed)).not.toContain(sub.json.endpoint);
    expect(JSON.stringify(listed)).not.toContain(sub.json.keys.auth);
  });

  it('moves a device to the account that subscribed it last: never both', async () => {
    const first = await resident();
    const second = await resident();
    const sub = service.subscribe();
    await subscribe(first.client, sub);
    expect(await devicesOf(first.client)).toHaveLength(1);
    expect((await subscribe(second.client, sub)).status).toBe(201);
    expect(await devicesOf(first.client)).toEqual([]);
    expect(await devicesOf(second.client)).toHaveLength(1);
    const addresses = await pushAddressesOf(t.db, [first.residentId, second.residentId]);
    expect(addresses.map((a) => a.residentId)).toEqual([second.residentId]);
  });

  it('refuses endpoints that are not https and keys that are not a P-256 key and a 16-byte secret', async () => {
    const { client } = await resident();
    const sub = service.subscribe();
    const http = await client.post('/api/me/push-devices', {
      ...sub.json,
      endpoint: sub.json.endpoint.replace('https:', 'http:'),
    });
    expect(http.status).toBe(400);
    expect((http.body as { error: { id: string } }).error.id).toBe('push_endpoint_invalid');

    // 65 bytes starting 0x04 but not a point on the curve.
    const offCurve = Buffer.alloc(65, 7);
    offCurve[0] = 4;
    const badKey = await client.post('/api/me/push-devices', {
      ...sub.json,
      keys: { ...sub.json.keys, p256dh: offCurve.toString('base64url') },
    });
    expect(badKey.status).toBe(400);
    expect((badKey.body as { error: { id: string } }).error.id).toBe('push_keys_invalid');

    const shortAuth = await client.post('/api/me/push-devices', {
      ...sub.json,
      keys: { ...sub.json.keys, auth: 'c2hvcnQ' },
    });
    expect(shortAuth.status).toBe(400);
    expect((shortAuth.body as { error: { id: string } }).error.id).toBe('validation_failed');
    expect(await devicesOf(client)).toEqual([]);
  });

  it('in production takes only https endpoints of public push service hosts', () => {
    const ok = 'https://fcm.googleapis.com/fcm/send/abc:def';
    expect(() => checkEndpoint(ok, true)).not.toThrow();
    for (const endpoint of [
      'https://127.0.0.1:8443/push/x',
      'https://[::1]/push/x',
      'https://localhost/push/x',
      'https://push.local/x',
      'https://intranet/push',
      'https://user:pw@fcm.googleapis.com/x',
      'http://fcm.googleapis.com/fcm/send/x',
    ]) {
      expect(() => checkEndpoint(endpoint, true), endpoint).toThrow(/push endpoint/);
    }
    expect(() => checkEndpoint('https://127.0.0.1:8443/push/x', false)).not.toThrow();
  });

  it('removes my own device, not someone else’s, and forgets this device by its endpoint', async () => {
    const me = await resident();
    const other = await resident();
    const mine = service.subscribe();
    const theirs = service.subscribe();
    const myId = ((await subscribe(me.client, mine)).body as { device: DeviceBody }).device.id;
    const theirId = ((await subscribe(other.client, theirs)).body as { device: DeviceBody }).device.id;

    expect((await me.client.request('DELETE', `/api/me/push-devices/${theirId}`)).status).toBe(404);
    expect(await devicesOf(other.client)).toHaveLength(1);
    expect((await me.client.request('DELETE', `/api/me/push-devices/${myId}`)).status).toBe(204);
    expect(await devicesOf(me.client)).toEqual([]);

    // Signing out of a device: the app names its endpoint; someone else's endpoint is untouched.
    await subscribe(me.client, mine);
    expect(
      (await me.client.post('/api/me/push-devices/forget', { endpoint: theirs.json.endpoint })).status,
    ).toBe(204);
    expect(await devicesOf(other.client)).toHaveLength(1);
    expect(
      (await me.client.post('/api/me/push-devices/forget', { endpoint: mine.json.endpoint })).status,
    ).toBe(204);
    expect(await devicesOf(me.client)).toEqual([]);
  });

  it('is for residents on their own devices: not staff, not signed-out visitors', async () => {
    const sub = service.subscribe();
    const staff = await signIn(t, { role: 'hq_operator' });
    expect((await staff.post('/api/me/push-devices', sub.json)).status).toBe(403);
    expect((await staff.get('/api/me/push-devices')).status).toBe(403);
    expect((await t.client().post('/api/me/push-devices', sub.json)).status).toBe(401);
  });

  it('gives escalation each resident’s devices, deletes a device its push service calls gone', async () => {
    const me = await resident();
    const phone = service.subscribe();
    const laptop = service.subscribe();
    await subscribe(me.client, phone, 'phone');
    await subscribe(me.client, laptop, 'laptop');
    const addresses = await pushAddressesOf(t.db, [me.residentId]);
    expect(addresses.map((a) => a.endpoint).sort()).toEqual(
      [phone.json.endpoint, laptop.json.endpoint].sort(),
    );
    expect(addresses.every((a) => a.residentId === me.residentId)).toBe(true);

    service.setBehaviour(laptop.id, { answer: 'gone' });
    const message = {
      deliveryId: '1001',
      title: '避難指示',
      body: 'ポータルを開いて確認してください。',
      url: `${t.server.url}/#/resident`,
      urgency: 'high' as const,
    };
    for (const address of addresses) {
      const result = await sender.send(address, message);
      await recordPushOutcome(
        t.db,
        address.subscriptionId,
        result.outcome === 'failed' ? (result.gone ? 'gone' : 'failure') : 'success',
      );
    }
    const devices = await devicesOf(me.client);
    expect(devices.map((d) => d.deviceLabel)).toEqual(['phone']);
    expect(devices[0]!.lastSuccessAt).not.toBeNull();
    expect(await service.waitForMessages(phone.id)).toHaveLength(1);
  });

  it('gives nothing for a disabled account', async () => {
    const me = await resident();
    await subscribe(me.client, service.subscribe());
    await t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [me.userId]);
    expect(await pushAddressesOf(t.db, [me.residentId])).toEqual([]);
  });
});
