import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TapResult } from '@contract/checkins/reader.protocol.js';
import type { FamilyUpdateEvent } from '../server/src/realtime/events.js';
import {
  buildCard,
  buildIncident,
  buildMunicipality,
  buildResident,
  buildShelter,
  randomCardUid,
  type BuiltMunicipality,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('family safety lookup', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let shelter: { id: string; name: string };
  let staff: HttpClient;
  let hq: HttpClient;
  const sockets: Socket[] = [];

  const residentLogin = (residentId: string) => signIn(t, { role: 'resident', residentId });

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
    shelter = await buildShelter(t.db, { municipality: town });
    await buildIncident(t.db);
    staff = await signIn(t, { role: 'shelter_staff', shelterIds: [shelter.id] });
    hq = await signIn(t, { role: 'hq_operator' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  it('shows a card tap to the family live, and logs their look in the tapped person’s access log', async () => {
    const tapped = await buildResident(t.db, { municipality: town });
    const watcher = await buildResident(t.db, { municipality: town, householdId: tapped.householdId });
    const uid = randomCardUid();
    await buildCard(t.db, { residentId: tapped.id, token: t.server.checkins.tokenFor(uid) });
    const tappedClient = await residentLogin(tapped.id);
    const watcherClient = await residentLogin(watcher.id);

    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: watcherClient.cookieHeader! },
    });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('family:subscribed', resolve));
    const update = new Promise<FamilyUpdateEvent>((resolve) => socket.on('family:update', resolve));

    const { body: created } = await staff.post(`/api/shelters/${shelter.id}/readers`, { name: 'Entrance' });
    const reader = connect(`${t.url}/readers`, {
      transports: ['websocket'],
      auth: { deviceKey: (created as { deviceKey: string }).deviceKey },
      reconnection: false,
    });
    sockets.push(reader);
    await new Promise((resolve) => reader.once('reader:config', resolve));
    const tappedAt = Date.now();
    const result = (await reader.emitWithAck('tap', {
      eventId: randomUUID(),
      cardUid: uid,
      tappedAt: new Date().toISOString(),
    })) as TapResult;
    expect(result.outcome).toBe('checked_in');

    const event = await update;
    expect(event.residentId).toBe(tapped.id);
    expect(Date.now() - tappedAt).toBeLessThan(1000);
    const detail = await watcherClient.get(`/api/me/family/${tapped.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      relation: 'household',
      whereabouts: { place: 'shelter', shelter: { id: shelter.id, name: shelter.name }, source: 'card_tap' },
    });

    const log = (await tappedClient.get('/api/me/access-log')).body as {
      entries: { via: string; viewer: { name: string } }[];
    };
    expect(log.entries[0]).toMatchObject({
      via: 'GET /api/me/family/:residentId',
      viewer: { name: expect.stringMatching(/^試験 太郎/) as unknown },
    });
  });

  it('records self reports: help with a note, a shared position only with consent, evacuation elsewhere', async () => {
    const person = await buildResident(t.db, { municipality: town });
    const me = await residentLogin(person.id);
    const noConsent = await me.post('/api/me/report', {
      safety: 'needs_support',
      location: { lat: 37, lon: 137 },
    });
    expect(noConsent.status).toBe(400);
    expect((noConsent.body as { error: { id: string } }).error.id).toBe('location_consent_required');

    const help = await me.post('/api/me/report', {
      safety: 'needs_support',
      note: '足を怪我しました',
      location: { lat: 37.05, lon: 136.95, accuracy: 30 },
      shareLocation: true,
    });
    expect(help.status).toBe(200);
    const kept = new Date((help.body as { locationKeptUntil: string }).locationKeptUntil).getTime();
    expect(kept - Date.now()).toBeGreaterThan(110 * 60_000);
    expect(kept - Date.now()).toBeLessThan(125 * 60_000);
    expect(help.body).toMatchObject({
      applied: true,
      whereabouts: {
        place: 'unknown',
        safety: 'needs_support',
        source: 'self_report',
        note: '足を怪我しました',
      },
    });
    const { rows } = await t.db.query<{ lon: number; accuracy_m: number }>(
      'SELECT ST_X(location) AS lon, accuracy_m FROM resident_locations WHERE resident_id = $1',
      [person.id],
    );
    expect(rows[0]).toEqual({ lon: 136.95, accuracy_m: 30 });

    const away = await me.post('/api/me/report', { place: 'evacuated_outside', municipalityCode: town.code });
    expect(away.body).toMatchObject({
      whereabouts: {
        place: 'evacuated_outside',
        safety: 'needs_support',
        municipality: { code: town.code, name: `テスト市${town.code}` },
      },
    });
    const safe = await me.post('/api/me/report', { safety: 'safe' });
    expect(safe.body).toMatchObject({
      whereabouts: { place: 'evacuated_outside', safety: 'safe', municipality: { code: town.code } },
    });
  });

  it('answers bad reports with clear errors', async () => {
    const person = await buildResident(t.db, { municipality: town });
    const me = await residentLogin(person.id);
    const errorId = async (body: unknown) =>
      ((await me.post('/api/me/report', body)).body as { error: { id: string } }).error.id;
    expect(await errorId({})).toBe('empty_report');
    expect(await errorId({ place: 'shelter' })).toBe('shelter_required');
    expect(await errorId({ place: 'home', shelterId: shelter.id })).toBe('shelter_without_place');
    expect(await errorId({ place: 'home', municipalityCode: '17201' })).toBe('municipality_without_place');
    expect(await errorId({ place: 'shelter', shelterId: randomUUID() })).toBe('not_found');
    expect(await errorId({ safety: 'fine' })).toBe('validation_failed');
    expect(await errorId({ safety: 'safe', extra: 1 })).toBe('validation_failed');
    expect((await me.post(`/api/me/family/${person.id}/report`, { safety: 'safe' })).status).toBe(400);
    expect((await me.get('/api/me/family/not-a-uuid')).status).toBe(400);
  });

  it('lets staff report on someone’s behalf, recorded as staff', async () => {
    const person = await buildResident(t.db, { municipality: town });
    const response = await staff.post(`/api/people/${person.id}/report`, {
      place: 'shelter',
      shelterId: shelter.id,
      stayType: 'day',
      safety: 'injured',
      purpose: '受付で本人確認',
    });
    expect(response.body).toMatchObject({
      whereabouts: { place: 'shelter', safety: 'injured', source: 'staff' },
    });
    const profile = await staff.get(`/api/people/${person.id}`);
    expect(profile.status).toBe(200);
    expect((profile.body as { history: { source: string }[] }).history[0]!.source).toBe('staff');
  });

  it('keeps notes staff write with a report from the person and the family who may see them', async () => {
    const person = await buildResident(t.db, { municipality: town });
    const sibling = await buildResident(t.db, { municipality: town, householdId: person.householdId });
    const internal = '職員メモ: 要配慮、夜間巡回';
    const reported = await staff.post(`/api/people/${person.id}/report`, {
      place: 'shelter',
      shelterId: shelter.id,
      stayType: 'overnight',
      safety: 'needs_support',
      note: internal,
      purpose: '受付で本人確認',
    });
    expect(reported.body).toMatchObject({ whereabouts: { source: 'staff', note: internal } });
    // Staff still see it.
    const profile = (await staff.get(`/api/people/${person.id}`)).body as {
      whereabouts: { note: string | null };
      history: { note: string | null }[];
    };
    expect(profile.whereabouts.note).toBe(internal);
    expect(profile.history[0]!.note).toBe(internal);

    const siblingClient = await residentLogin(sibling.id);
    const family = (await siblingClient.get('/api/me/family')).body as {
      members: { residentId: string; whereabouts: { source: string; note: string | null } }[];
    };
    const seen = family.members.find((m) => m.residentId === person.id)!;
    expect(seen.whereabouts).toMatchObject({ source: 'staff', safety: 'needs_support', note: null });
    const detail = (await siblingClient.get(`/api/me/family/${person.id}`)).body as {
      whereabouts: { note: string | null };
      history: { note: string | null }[];
    };
    expect(detail.whereabouts.note).toBeNull();
    expect(detail.history.map((entry) => entry.note)).toEqual(detail.history.map(() => null));
    const own = (await (await residentLogin(person.id)).get('/api/me/family')).body as {
      self: { whereabouts: { note: string | null } };
    };
    expect(own.self.whereabouts.note).toBeNull();
    expect(JSON.stringify([family, detail, own])).not.toContain('職員メモ');
  });

  it('keeps and changes privacy settings', async () => {
    const person = await buildResident(t.db, { municipality: town });
    const me = await residentLogin(person.id);
    expect((await me.get('/api/me/privacy')).body).toEqual({
      whereaboutsVisibility: 'household_and_designees',
      discloseSafety: false,
      minor: false,
    });
    const changed = await me.request('PATCH', '/api/me/privacy', {
      json: { discloseSafety: true, whereaboutsVisibility: 'designees' },
    });
    expect(changed.body).toEqual({ whereaboutsVisibility: 'designees', discloseSafety: true, minor: false });
    expect((await me.request('PATCH', '/api/me/privacy', { json: {} })).status).toBe(400);
    expect(
      (await me.request('PATCH', '/api/me/privacy', { json: { whereaboutsVisibility: 'everyone' } })).status,
    ).toBe(400);
  });

  it('lists the unaccounted of a municipality or polygon, a page at a time', async () => {
    const area = await buildMunicipality(t.db);
    const people = await Promise.all(
      Array.from({ length: 5 }, () => buildResident(t.db, { municipality: area })),
    );
    await hq.post(`/api/people/${people[0]!.id}/report`, { safety: 'safe', purpose: 'call' });
    const purpose = `purpose=${encodeURIComponent('安否確認')}`;
    const first = await hq.get(`/api/people/unaccounted?municipality=${area.code}&limit=3&${purpose}`);
    expect(first.status).toBe(200);
    const page1 = first.body as { people: { id: string }[]; next: string };
    const second = (
      await hq.get(`/api/people/unaccounted?municipality=${area.code}&limit=3&after=${page1.next}&${purpose}`)
    ).body as {
      people: { id: string }[];
      next: string | null;
    };
    const listed = [...page1.people, ...second.people].map((p) => p.id).sort();
    expect(listed).toEqual(
      people
        .slice(1)
        .map((p) => p.id)
        .sort(),
    );
    expect(second.next).toBeNull();

    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    const square = [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ];
    const byPolygon = await hq.post('/api/people/unaccounted', {
      polygon: { type: 'Polygon', coordinates: square },
      purpose: '安否確認',
    });
    expect((byPolygon.body as { people: { id: string }[] }).people.map((p) => p.id).sort()).toEqual(listed);
    const bowTie = [
      [
        [minLon, minLat],
        [maxLon, maxLat],
        [maxLon, minLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ];
    const invalid = await hq.post('/api/people/unaccounted', {
      polygon: { type: 'Polygon', coordinates: bowTie },
      purpose: 'x',
    });
    expect((invalid.body as { error: { id: string } }).error.id).toBe('invalid_polygon');
    const open = await hq.post('/api/people/unaccounted', {
      polygon: { type: 'Polygon', coordinates: [square[0]!.slice(0, 4)] },
      purpose: 'x',
    });
    expect(open.status).toBe(400);
    expect((await hq.get(`/api/people/unaccounted?municipality=${area.code}`)).status).toBe(400);
  });
});
