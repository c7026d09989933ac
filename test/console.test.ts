import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShelterOccupancyEvent } from '../server/src/realtime/events.js';
import {
  buildCard,
  buildMunicipality,
  buildPerson,
  buildResident,
  buildShelter,
  buildUser,
  randomBirthDate,
  randomCardUid,
  type BuiltMunicipality,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const errorId = (body: unknown) => (body as { error: { id: string } }).error.id;

interface Detail {
  status: string;
  occupancy: { total: number; day: number; overnight: number };
  specialCareInside: number;
  fullThresholdPercent: number;
}

describe('shelter console', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let staffUser: { id: string; username: string; password: string };
  let staff: HttpClient;
  let otherStaff: HttpClient;
  let hq: HttpClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
    staffUser = await buildUser(t.db, { role: 'shelter_staff' });
    staff = t.client();
    otherStaff = await signIn(t, { role: 'shelter_staff' });
    hq = await signIn(t, { role: 'hq_operator' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  /** A new shelter this test's staff member works at (sessions read shelterIds at login). */
  async function myShelter(options: { capacity?: number; status?: 'open' | 'closed' } = {}) {
    const shelter = await buildShelter(t.db, { municipality: town, ...options });
    await t.db.query('INSERT INTO staff_shelters (user_id, shelter_id) VALUES ($1, $2)', [
      staffUser.id,
      shelter.id,
    ]);
    await staff.login(staffUser.username, staffUser.password);
    return shelter;
  }

  const detail = async (shelterId: string) => (await staff.get(`/api/shelters/${shelterId}`)).body as Detail;
  const checkin = (
    shelterId: string,
    residentId: string,
    action: 'check_in' | 'check_out',
    stayType?: string,
  ) =>
    staff.post(`/api/shelters/${shelterId}/checkins`, {
      residentId,
      action,
      ...(stayType ? { stayType } : {}),
    });

  it('shows a shelter to its staff and HQ only', async () => {
    const shelter = await myShelter({ capacity: 80 });
    const mine = await staff.get(`/api/shelters/${shelter.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id: shelter.id,
      kind: 'designated_shelter',
      municipality: { code: town.code },
      capacity: { indoor: 80, outdoor: null },
      occupancy: { total: 0, day: 0, overnight: 0 },
      status: 'open',
      fullThresholdPercent: 100,
      specialCareInside: 0,
    });
    expect((await hq.get(`/api/shelters/${shelter.id}`)).status).toBe(200);
    expect((await otherStaff.get(`/api/shelters/${shelter.id}`)).status).toBe(403);
    expect((await hq.get(`/api/shelters/${randomUUID()}`)).status).toBe(404);
    expect(errorId((await hq.get('/api/shelters/not-a-uuid')).body)).toBe('validation_failed');
  });

  it('checks people in and out by hand, with stable ids for what cannot happen', async () => {
    const shelter = await myShelter();
    const person = await buildResident(t.db, { municipality: town });
    const first = await checkin(shelter.id, person.id, 'check_in', 'day');
    expect(first.body).toMatchObject({
      outcome: 'checked_in',
      occupancy: { occupancy: 1, occupancyDay: 1, occupancyOvernight: 0 },
    });
    expect(errorId((await checkin(shelter.id, person.id, 'check_in')).body)).toBe('already_checked_in');
    const { rows } = await t.db.query<{ source: string; reported_by: string }>(
      'SELECT source, reported_by FROM whereabouts_events WHERE resident_id = $1',
      [person.id],
    );
    expect(rows).toEqual([{ source: 'staff', reported_by: staffUser.id }]);
    expect((await checkin(shelter.id, person.id, 'check_out')).body).toMatchObject({
      outcome: 'checked_out',
      occupancy: { occupancy: 0 },
    });
    expect(errorId((await checkin(shelter.id, person.id, 'check_out')).body)).toBe('not_checked_in');
    expect(
      (
        await otherStaff.post(`/api/shelters/${shelter.id}/checkins`, {
          residentId: person.id,
          action: 'check_in',
        })
      ).status,
    ).toBe(403);
    expect((await checkin(shelter.id, randomUUID(), 'check_in')).status).toBe(404);
  });

  it('closes and opens a shelter, recomputing full from occupancy, and pushes occupancy', async () => {
    const shelter = await myShelter({ capacity: 2 });
    for (let i = 0; i < 2; i++)
      await checkin(shelter.id, (await buildResident(t.db, { municipality: town })).id, 'check_in');
    expect((await detail(shelter.id)).status).toBe('full');
    const closed = await staff.request('PATCH', `/api/shelters/${shelter.id}`, {
      json: { status: 'closed' },
    });
    expect((closed.body as Detail).status).toBe('closed');
    const late = await checkin(
      shelter.id,
      (await buildResident(t.db, { municipality: town })).id,
      'check_in',
    );
    expect(errorId(late.body)).toBe('shelter_closed');

    const socket = connect(t.url, { transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const pushed = new Promise<ShelterOccupancyEvent>((resolve) =>
      socket.on(
        'shelter:occupancy',
        (event: ShelterOccupancyEvent) => event.shelterId === shelter.id && resolve(event),
      ),
    );
    const opened = await staff.request('PATCH', `/api/shelters/${shelter.id}`, { json: { status: 'open' } });
    expect((opened.body as Detail).status).toBe('full');
    expect(await pushed).toMatchObject({ status: 'full', occupancy: 2, capacity: 2 });
    const roomier = await staff.request('PATCH', `/api/shelters/${shelter.id}`, {
      json: { fullThresholdPercent: 150 },
    });
    expect(roomier.body).toMatchObject({ status: 'open', fullThresholdPercent: 150 });
    const empty = await staff.request('PATCH', `/api/shelters/${shelter.id}`, { json: {} });
    expect(errorId(empty.body)).toBe('validation_failed');
    expect(
      (await otherStaff.request('PATCH', `/api/shelters/${shelter.id}`, { json: { status: 'closed' } }))
        .status,
    ).toBe(403);
  });

  it('lists who is inside, filters by name in any script, and logs each person shown', async () => {
    const shelter = await myShelter();
    const hanako = await buildPerson(t.db, {
      municipality: town,
      familyName: '石川',
      givenName: '花子',
      familyNameKana: 'イシカワ',
      givenNameKana: 'ハナコ',
      birthDate: randomBirthDate(),
      careNeeds: ['elderly'],
    });
    const other = await buildResident(t.db, { municipality: town });
    await checkin(shelter.id, hanako.id, 'check_in', 'overnight');
    await checkin(shelter.id, other.id, 'check_in', 'day');

    const all = await staff.get(`/api/shelters/${shelter.id}/occupants`);
    const listed = all.body as {
      total: number;
      occupants: { residentId: string; stayType: string; careNeeds: string[] }[];
    };
    expect(listed.total).toBe(2);
    expect(listed.occupants.find((o) => o.residentId === hanako.id)).toMatchObject({
      stayType: 'overnight',
      careNeeds: ['elderly'],
    });
    for (const q of ['ishikawa hanako', 'いしかわ', '石川']) {
      const filtered = (await staff.get(`/api/shelters/${shelter.id}/occupants?q=${encodeURIComponent(q)}`))
        .body as typeof listed;
      expect(filtered.occupants.map((o) => o.residentId)).toEqual([hanako.id]);
    }
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM access_log
        WHERE viewer_user_id = $1 AND subject_resident_id = $2 AND action = 'view' AND purpose = 'shelter_roster'`,
      [staffUser.id, hanako.id],
    );
    expect(rows[0]!.n).toBe(4);
    expect((await detail(shelter.id)).specialCareInside).toBe(1);
    expect((await otherStaff.get(`/api/shelters/${shelter.id}/occupants`)).status).toBe(403);
  });

  it('moves one person between day and overnight counters on a stay-type change', async () => {
    const shelter = await myShelter();
    const person = await buildResident(t.db, { municipality: town });
    await checkin(shelter.id, person.id, 'check_in', 'overnight');
    await checkin(shelter.id, (await buildResident(t.db, { municipality: town })).id, 'check_in', 'day');
    expect((await detail(shelter.id)).occupancy).toEqual({ total: 2, day: 1, overnight: 1 });

    const changed = await staff.request('PATCH', `/api/shelters/${shelter.id}/occupants/${person.id}`, {
      json: { stayType: 'day', careNeeds: ['infant', 'infant'] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      stayType: 'day',
      careNeeds: ['infant'],
      occupancy: { occupancy: 2, occupancyDay: 2, occupancyOvernight: 0 },
    });
    const after = await detail(shelter.id);
    expect(after.occupancy).toEqual({ total: 2, day: 2, overnight: 0 });
    expect(after.specialCareInside).toBe(1);
    const { rows } = await t.db.query<{ ok: boolean }>(
      'SELECT occupancy = occupancy_day + occupancy_overnight AS ok FROM shelters WHERE id = $1',
      [shelter.id],
    );
    expect(rows[0]!.ok).toBe(true);

    const outsider = await buildResident(t.db, { municipality: town });
    const notInside = await staff.request('PATCH', `/api/shelters/${shelter.id}/occupants/${outsider.id}`, {
      json: { stayType: 'day' },
    });
    expect(errorId(notInside.body)).toBe('not_checked_in');
    const bad = await staff.request('PATCH', `/api/shelters/${shelter.id}/occupants/${person.id}`, {
      json: { careNeeds: ['pets'] },
    });
    expect(errorId(bad.body)).toBe('validation_failed');
  });

  it('transfers a person to another open shelter only', async () => {
    const from = await myShelter();
    const to = await buildShelter(t.db, { municipality: town, kind: 'welfare_shelter' });
    const closed = await buildShelter(t.db, { municipality: town, status: 'closed' });
    const person = await buildResident(t.db, { municipality: town });
    await checkin(from.id, person.id, 'check_in', 'day');

    const toClosed = await staff.post(`/api/shelters/${from.id}/transfers`, {
      residentId: person.id,
      toShelterId: closed.id,
    });
    expect(errorId(toClosed.body)).toBe('target_not_open');
    const same = await staff.post(`/api/shelters/${from.id}/transfers`, {
      residentId: person.id,
      toShelterId: from.id,
    });
    expect(errorId(same.body)).toBe('same_shelter');
    const moved = await staff.post(`/api/shelters/${from.id}/transfers`, {
      residentId: person.id,
      toShelterId: to.id,
    });
    expect(moved.body).toMatchObject({
      outcome: 'transferred',
      from: { occupancy: 0, occupancyDay: 0 },
      to: { occupancy: 1, occupancyDay: 1 },
    });
    const again = await staff.post(`/api/shelters/${from.id}/transfers`, {
      residentId: person.id,
      toShelterId: to.id,
    });
    expect(errorId(again.body)).toBe('not_checked_in');
    expect(
      (
        await otherStaff.post(`/api/shelters/${from.id}/transfers`, {
          residentId: person.id,
          toShelterId: to.id,
        })
      ).status,
    ).toBe(403);
  });

  it('shows the tap log with names of bound cards and logs the names shown', async () => {
    const shelter = await myShelter();
    const reader = (await staff.post(`/api/shelters/${shelter.id}/readers`, { name: 'Gate' })).body as {
      deviceKey: string;
    };
    const person = await buildResident(t.db, { municipality: town });
    const uid = randomCardUid();
    await buildCard(t.db, { residentId: person.id, token: t.server.checkins.tokenFor(uid) });
    // A second apart: the log is newest first, and two taps in the same millisecond have no order.
    const taps = [uid, randomCardUid()].map((cardUid, i) => ({
      eventId: randomUUID(),
      cardUid,
      tappedAt: new Date(Date.now() - 1000 + i * 1000).toISOString(),
    }));
    await t.client().request('POST', '/api/reader/taps', {
      json: { taps },
      headers: { authorization: `Bearer ${reader.deviceKey}` },
    });

    const log = await staff.get(`/api/shelters/${shelter.id}/taps?limit=10`);
    const entries = (log.body as { taps: { eventId: string; outcome: string; displayName: string | null }[] })
      .taps;
    expect(entries.map((e) => e.outcome)).toEqual(['unknown_card', 'checked_in']);
    expect(entries[1]!.displayName).toMatch(/^試験 太郎/);
    expect(entries[0]!.displayName).toBeNull();
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM access_log WHERE subject_resident_id = $1 AND purpose = 'tap_log'`,
      [person.id],
    );
    expect(rows[0]!.n).toBe(1);
    expect(errorId((await staff.get(`/api/shelters/${shelter.id}/taps?limit=0`)).body)).toBe(
      'validation_failed',
    );
  });
});
