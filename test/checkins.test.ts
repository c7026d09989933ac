import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReaderConfig, TapBatchResult, TapResult } from '@contract/checkins/reader.protocol.js';
import type { ShelterOccupancyEvent } from '../server/src/realtime/events.js';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  randomCardUid,
  type BuiltMunicipality,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('card check-in', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let shelterA: { id: string };
  let shelterB: { id: string };
  let staff: HttpClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
    shelterA = await buildShelter(t.db, { municipality: town, capacity: 2 });
    shelterB = await buildShelter(t.db, { municipality: town, capacity: 50 });
    staff = await signIn(t, { role: 'shelter_staff', shelterIds: [shelterA.id, shelterB.id] });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  async function registerReader(shelterId: string, mode = 'toggle') {
    const { status, body } = await staff.post(`/api/shelters/${shelterId}/readers`, {
      name: 'Entrance',
      mode,
    });
    expect(status).toBe(201);
    return body as { reader: { id: string }; deviceKey: string };
  }

  function openReader(deviceKey: string): Promise<{ socket: Socket; config: ReaderConfig }> {
    const socket = connect(`${t.url}/readers`, {
      transports: ['websocket'],
      auth: { deviceKey },
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('reader:config', (config: ReaderConfig) => resolve({ socket, config }));
      socket.once('connect_error', reject);
    });
  }

  const tap = (socket: Socket, cardUid: string, extra: Partial<{ eventId: string; tappedAt: string }> = {}) =>
    socket.emitWithAck('tap', {
      eventId: extra.eventId ?? randomUUID(),
      cardUid,
      tappedAt: extra.tappedAt ?? new Date().toISOString(),
    }) as Promise<TapResult>;

  async function residentWithCard() {
    const resident = await buildResident(t.db, { municipality: town });
    const uid = randomCardUid();
    await buildCard(t.db, { residentId: resident.id, token: t.server.checkins.tokenFor(uid) });
    return { residentId: resident.id, uid };
  }

  async function occupancyOf(shelterId: string) {
    const { rows } = await t.db.query<{ occupancy: number; status: string }>(
      'SELECT occupancy, status FROM shelters WHERE id = $1',
      [shelterId],
    );
    return rows[0]!;
  }

  it('checks in, pushes occupancy after commit, checks out on the next tap', async () => {
    const { deviceKey } = await registerReader(shelterA.id);
    const { socket, config } = await openReader(deviceKey);
    expect(config.shelterId).toBe(shelterA.id);
    const hqClient = await signIn(t, { role: 'hq_operator' });
    const hqSocket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: hqClient.cookieHeader! },
    });
    sockets.push(hqSocket);
    await new Promise<void>((resolve) => hqSocket.once('connect', () => resolve()));
    const pushed = new Promise<ShelterOccupancyEvent>((resolve) =>
      hqSocket.on(
        'shelter:occupancy',
        (event: ShelterOccupancyEvent) => event.shelterId === shelterA.id && resolve(event),
      ),
    );

    const person = await residentWithCard();
    const first = await tap(socket, person.uid);
    expect(first).toMatchObject({ outcome: 'checked_in', duplicate: false, occupancy: 1 });
    expect(await pushed).toMatchObject({ shelterId: shelterA.id, occupancy: 1, capacity: 2, status: 'open' });

    const second = await tap(socket, person.uid);
    expect(second).toMatchObject({ outcome: 'checked_out', occupancy: 0 });
    expect((await occupancyOf(shelterA.id)).occupancy).toBe(0);
  });

  it("sends shelter occupancy to HQ's sockets, not to residents' portals", async () => {
    const { deviceKey } = await registerReader(shelterB.id);
    const { socket } = await openReader(deviceKey);
    const person = await residentWithCard();
    const cookieOf = (client: HttpClient) => ({ cookie: client.cookieHeader! });
    const open = async (client: HttpClient) => {
      const opened = connect(t.url, { transports: ['websocket'], extraHeaders: cookieOf(client) });
      sockets.push(opened);
      await new Promise<void>((resolve) => opened.once('connect', () => resolve()));
      return opened;
    };
    const hqSocket = await open(await signIn(t, { role: 'hq_operator' }));
    const residentSocket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: cookieOf(await signIn(t, { role: 'resident', residentId: person.residentId })),
    });
    sockets.push(residentSocket);
    await new Promise<void>((resolve) => residentSocket.once('family:subscribed', () => resolve()));

    const hqSeen: ShelterOccupancyEvent[] = [];
    let residentOccupancy = 0;
    let residentUpdates = 0;
    hqSocket.on('shelter:occupancy', (event: ShelterOccupancyEvent) => hqSeen.push(event));
    residentSocket.on('shelter:occupancy', () => (residentOccupancy += 1));
    const updates = new Promise<void>((resolve) =>
      residentSocket.on('family:update', () => ++residentUpdates === 2 && resolve()),
    );

    expect(await tap(socket, person.uid)).toMatchObject({ outcome: 'checked_in' });
    expect(await tap(socket, person.uid)).toMatchObject({ outcome: 'checked_out' });
    // The second tap's family update comes after the first tap's occupancy on the same socket.
    await updates;
    await expect.poll(() => hqSeen.filter((event) => event.shelterId === shelterB.id).length).toBe(2);
    expect(residentOccupancy).toBe(0);
  });

  it('never counts the same event twice and answers a replay with the first result', async () => {
    const { deviceKey } = await registerReader(shelterB.id);
    const { socket } = await openReader(deviceKey);
    const person = await residentWithCard();
    const eventId = randomUUID();
    const before = (await occupancyOf(shelterB.id)).occupancy;
    const first = await tap(socket, person.uid, { eventId });
    const again = await tap(socket, person.uid, { eventId });
    expect(first).toMatchObject({ outcome: 'checked_in', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect((await occupancyOf(shelterB.id)).occupancy).toBe(before + 1);

    const batch = {
      taps: Array.from({ length: 20 }, () => ({
        eventId: randomUUID(),
        cardUid: randomCardUid(),
        tappedAt: new Date().toISOString(),
      })),
    };
    const once = (await socket.emitWithAck('taps', batch)) as TapBatchResult;
    const twice = (await socket.emitWithAck('taps', batch)) as TapBatchResult;
    expect(once.results.map((r) => r.outcome)).toEqual(Array(20).fill('unknown_card'));
    expect(twice.results.every((r) => r.duplicate)).toBe(true);
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM taps WHERE event_id = ANY($1::uuid[])',
      [batch.taps.map((x) => x.eventId)],
    );
    expect(rows[0]!.n).toBe(20);
  });

  it('transfers a person tapping at another shelter, and marks the shelter full at capacity', async () => {
    const readerA = await openReader((await registerReader(shelterA.id)).deviceKey);
    const readerB = await openReader((await registerReader(shelterB.id)).deviceKey);
    const people = [await residentWithCard(), await residentWithCard()];
    const beforeB = (await occupancyOf(shelterB.id)).occupancy;
    for (const person of people) expect((await tap(readerA.socket, person.uid)).outcome).toBe('checked_in');
    expect(await occupancyOf(shelterA.id)).toEqual({ occupancy: 2, status: 'full' });

    const moved = await tap(readerB.socket, people[0]!.uid);
    expect(moved.outcome).toBe('transferred');
    expect(await occupancyOf(shelterA.id)).toEqual({ occupancy: 1, status: 'open' });
    expect((await occupancyOf(shelterB.id)).occupancy).toBe(beforeB + 1);
    const { rows } = await t.db.query<{ place: string; shelter_id: string; source: string }>(
      'SELECT place, shelter_id, source FROM whereabouts_current WHERE resident_id = $1',
      [people[0]!.residentId],
    );
    expect(rows[0]).toEqual({ place: 'shelter', shelter_id: shelterB.id, source: 'card_tap' });
    await tap(readerA.socket, people[1]!.uid);
  });

  it('records a late offline tap in history without overwriting newer state', async () => {
    const { socket } = await openReader((await registerReader(shelterB.id)).deviceKey);
    const person = await residentWithCard();
    const now = Date.now();
    expect((await tap(socket, person.uid, { tappedAt: new Date(now).toISOString() })).outcome).toBe(
      'checked_in',
    );
    const before = (await occupancyOf(shelterB.id)).occupancy;
    const late = await tap(socket, person.uid, { tappedAt: new Date(now - 3_600_000).toISOString() });
    expect(late.outcome).toBe('recorded_late');
    expect((await occupancyOf(shelterB.id)).occupancy).toBe(before);
    const { rows } = await t.db.query<{ late: boolean }>(
      'SELECT late FROM whereabouts_events WHERE resident_id = $1 ORDER BY id',
      [person.residentId],
    );
    expect(rows.map((r) => r.late)).toEqual([false, true]);
  });

  it('rejects revoked cards, closed shelters, future taps and malformed payloads with stable ids', async () => {
    const closed = await buildShelter(t.db, { municipality: town, status: 'closed' });
    const { socket } = await openReader((await registerReader(shelterB.id)).deviceKey);
    const resident = await buildResident(t.db, { municipality: town });
    const uid = randomCardUid();
    await buildCard(t.db, { residentId: resident.id, token: t.server.checkins.tokenFor(uid), revoked: true });
    expect((await tap(socket, uid)).error?.id).toBe('card_revoked');
    const future = await tap(socket, randomCardUid(), {
      tappedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.error?.id).toBe('tap_time_in_future');
    const malformed = (await socket.emitWithAck('tap', { eventId: 'x', cardUid: 'zz' })) as {
      error: { id: string };
    };
    expect(malformed.error.id).toBe('invalid_tap');
    const tooMany = (await socket.emitWithAck('taps', {
      taps: Array.from({ length: 501 }, () => ({
        eventId: randomUUID(),
        cardUid: 'ABCDEF01',
        tappedAt: new Date().toISOString(),
      })),
    })) as { error: { id: string } };
    expect(tooMany.error.id).toBe('invalid_batch');

    const hqClient = await signIn(t, { role: 'hq_operator' });
    const created = await hqClient.post(`/api/shelters/${closed.id}/readers`, { name: 'Closed door' });
    const closedReader = await openReader((created.body as { deviceKey: string }).deviceKey);
    expect((await tap(closedReader.socket, randomCardUid())).error?.id).toBe('shelter_closed');
  });

  it('accepts batches over HTTP with the device key, and refuses unknown or revoked keys', async () => {
    const { reader, deviceKey } = await registerReader(shelterB.id);
    const person = await residentWithCard();
    const body = {
      taps: [{ eventId: randomUUID(), cardUid: person.uid, tappedAt: new Date().toISOString() }],
    };
    const send = (key: string) =>
      t
        .client()
        .request('POST', '/api/reader/taps', { json: body, headers: { authorization: `Bearer ${key}` } });
    const ok = await send(deviceKey);
    expect(ok.status).toBe(200);
    expect((ok.body as TapBatchResult).results[0]).toMatchObject({ outcome: 'checked_in' });
    expect(((await send(deviceKey)).body as TapBatchResult).results[0]!.duplicate).toBe(true);

    expect((await send('hrk_not-a-real-key')).status).toBe(401);
    const live = await openReader(deviceKey);
    const disconnected = new Promise((resolve) => live.socket.once('disconnect', resolve));
    expect((await staff.post(`/api/readers/${reader.id}/revoke`)).status).toBe(200);
    await disconnected;
    const refused = await send(deviceKey);
    expect(refused.status).toBe(401);
    expect((refused.body as { error: { id: string } }).error.id).toBe('reader_key_invalid');
    await expect(openReader(deviceKey)).rejects.toThrow('reader_key_invalid');
  });

  it('moves a reader to another shelter and tells the connected agent', async () => {
    const { reader, deviceKey } = await registerReader(shelterA.id);
    const { socket } = await openReader(deviceKey);
    const update = new Promise<ReaderConfig>((resolve) => socket.once('reader:config', resolve));
    const moved = await staff.request('PATCH', `/api/readers/${reader.id}`, {
      json: { shelterId: shelterB.id },
    });
    expect(moved.status).toBe(200);
    expect((await update).shelterId).toBe(shelterB.id);
    const person = await residentWithCard();
    await tap(socket, person.uid);
    const { rows } = await t.db.query<{ shelter_id: string }>(
      'SELECT shelter_id FROM whereabouts_current WHERE resident_id = $1',
      [person.residentId],
    );
    expect(rows[0]!.shelter_id).toBe(shelterB.id);
  });

  it('lets staff manage only the readers of their own shelters', async () => {
    const other = await buildShelter(t.db, { municipality: town });
    const response = await staff.post(`/api/shelters/${other.id}/readers`, { name: 'Not mine' });
    expect(response.status).toBe(403);
  });
});
