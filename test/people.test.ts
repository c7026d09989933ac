import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TapBatchResult } from '@contract/checkins/reader.protocol.js';
import {
  buildMunicipality,
  buildPerson,
  buildResident,
  buildShelter,
  buildUser,
  randomBirthDate,
  randomCardUid,
  type BuiltMunicipality,
  type BuiltUser,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface Person {
  id: string;
  familyName: string;
  registration: string;
  homeMunicipality: { code: string; name: string } | null;
  whereabouts: { place: string; shelterId: string | null; shelterName: string | null } | null;
  score: number;
}
interface UnknownTap {
  eventId: string;
  cardRef: string;
  tappedAt: string;
}
const errorId = (body: unknown) => (body as { error: { id: string } }).error.id;

describe('people: search, cards, unknown cards, walk-ins', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let shelter: { id: string; name: string };
  let staffUser: BuiltUser;
  let staff: HttpClient;
  let otherStaff: HttpClient;
  let deviceKey: string;

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
    shelter = await buildShelter(t.db, { municipality: town, capacity: 100 });
    const other = await buildShelter(t.db, { municipality: town });
    staffUser = await buildUser(t.db, { role: 'shelter_staff', shelterIds: [shelter.id] });
    staff = t.client();
    await staff.login(staffUser.username, staffUser.password);
    otherStaff = await signIn(t, { role: 'shelter_staff', shelterIds: [other.id] });
    const reader = await staff.post(`/api/shelters/${shelter.id}/readers`, { name: 'Desk' });
    deviceKey = (reader.body as { deviceKey: string }).deviceKey;
  });
  afterAll(async () => {
    await t.close();
  });

  const search = (client: HttpClient, params: Record<string, string>) =>
    client.get(
      `/api/people/search?${new URLSearchParams({ purpose: 'card binding', ...params }).toString()}`,
    );

  async function tapUnknown(cardUid: string, tappedAt = new Date().toISOString()) {
    const eventId = randomUUID();
    const response = await t.client().request('POST', '/api/reader/taps', {
      json: { taps: [{ eventId, cardUid, tappedAt }] },
      headers: { authorization: `Bearer ${deviceKey}` },
    });
    expect((response.body as TapBatchResult).results[0]!.outcome).toBe('unknown_card');
    return { eventId, tappedAt };
  }

  describe('fuzzy search', () => {
    let taro: { id: string };
    let birthDate: string;

    beforeAll(async () => {
      birthDate = randomBirthDate();
      taro = await buildPerson(t.db, {
        municipality: town,
        familyName: '山田',
        givenName: '太郎',
        familyNameKana: 'ヤマダ',
        givenNameKana: 'タロウ',
        birthDate,
      });
      await buildPerson(t.db, {
        municipality: town,
        familyName: '山本',
        givenName: '次郎',
        familyNameKana: 'ヤマモト',
        givenNameKana: 'ジロウ',
        birthDate,
      });
    });

    it.each([
      'やまだたろう',
      'ヤマダ タロウ',
      'yamada tarou',
      'Yamada Taro',
      '山田太郎',
      'ﾔﾏﾀﾞ ﾀﾛｳ',
      '山田太朗',
      'やまだたろお',
    ])('finds 山田 太郎 by %s and his birth date', async (q) => {
      const { status, body } = await search(staff, { q, birthDate });
      expect(status).toBe(200);
      const people = (body as { people: Person[] }).people;
      expect(people[0]).toMatchObject({
        id: taro.id,
        familyName: '山田',
        registration: 'registry',
        homeMunicipality: { code: town.code },
        whereabouts: null,
      });
      expect(people.map((p) => p.id)).toHaveLength(1);
    });

    it('ranks him first for his family name alone on his birth date', async () => {
      for (const q of ['山田', 'yamada']) {
        const people = ((await search(staff, { q, birthDate })).body as { people: Person[] }).people;
        expect(people[0]!.id).toBe(taro.id);
      }
    });

    it('finds him without a birth date too, best match first', async () => {
      const { body } = await search(staff, { q: 'Yamada Taro', limit: '50' });
      const people = (body as { people: Person[] }).people;
      expect(people.map((p) => p.id)).toContain(taro.id);
      expect(people[0]!.score).toBeGreaterThanOrEqual(people.at(-1)!.score);
    });

    it('writes one access_log row per person returned, with the purpose', async () => {
      await search(staff, { q: '山田太郎', birthDate, purpose: 'unknown card at desk' });
      const { rows } = await t.db.query<{ action: string; viewer_role: string; via: string }>(
        `SELECT action, viewer_role, via FROM access_log
          WHERE viewer_user_id = $1 AND subject_resident_id = $2 AND purpose = 'unknown card at desk'`,
        [staffUser.id, taro.id],
      );
      expect(rows).toEqual([
        { action: 'search_result', viewer_role: 'shelter_staff', via: 'GET /api/people/search' },
      ]);
    });

    it('requires a purpose and a name, and is closed to residents and strangers', async () => {
      const noPurpose = await staff.get(`/api/people/search?q=yamada`);
      expect(noPurpose.status).toBe(400);
      expect(errorId(noPurpose.body)).toBe('validation_failed');
      const onlyDots = await search(staff, { q: '・・' });
      expect(errorId(onlyDots.body)).toBe('empty_query');
      expect((await search(staff, { q: 'yamada', birthDate: '1990-02-30' })).status).toBe(400);
      expect((await search(t.client(), { q: 'yamada' })).status).toBe(401);
      const self = await buildResident(t.db, { municipality: town });
      const residentUser = await buildUser(t.db, { role: 'resident', residentId: self.id });
      const resident = t.client();
      await resident.login(residentUser.username, residentUser.password);
      expect((await search(resident, { q: 'yamada' })).status).toBe(403);
    });
  });

  describe('cards', () => {
    it('binds, lists and revokes a card, storing only its token', async () => {
      const person = await buildResident(t.db, { municipality: town });
      const uid = randomCardUid();
      const bound = await staff.post(`/api/residents/${person.id}/cards`, { cardUid: uid, kind: 'transit' });
      expect(bound.status).toBe(201);
      expect(JSON.stringify(bound.body)).not.toContain(uid);
      const card = bound.body as { id: string; active: boolean; kind: string };
      expect(card).toMatchObject({ active: true, kind: 'transit' });
      const { rows } = await t.db.query<{ token: string }>('SELECT token FROM cards WHERE id = $1', [
        card.id,
      ]);
      expect(rows[0]!.token).toBe(t.server.checkins.tokenFor(uid));

      const someoneElse = await buildResident(t.db, { municipality: town });
      const taken = await staff.post(`/api/residents/${someoneElse.id}/cards`, {
        cardUid: uid.toLowerCase(),
        kind: 'other',
      });
      expect(taken.status).toBe(409);
      expect(errorId(taken.body)).toBe('card_already_bound');

      const listed = await staff.get(`/api/residents/${person.id}/cards`);
      expect((listed.body as { cards: { id: string }[] }).cards.map((c) => c.id)).toEqual([card.id]);
      expect((await staff.post(`/api/cards/${card.id}/revoke`)).status).toBe(200);
      const again = await staff.post(`/api/cards/${card.id}/revoke`);
      expect(errorId(again.body)).toBe('card_already_revoked');
      expect(
        (await staff.post(`/api/residents/${someoneElse.id}/cards`, { cardUid: uid, kind: 'other' })).status,
      ).toBe(201);
    });

    it('refuses malformed UIDs and unknown people with stable ids', async () => {
      const person = await buildResident(t.db, { municipality: town });
      const bad = await staff.post(`/api/residents/${person.id}/cards`, { cardUid: 'xyz', kind: 'transit' });
      expect(errorId(bad.body)).toBe('validation_failed');
      const nobody = await staff.post(`/api/residents/${randomUUID()}/cards`, {
        cardUid: randomCardUid(),
        kind: 'transit',
      });
      expect(nobody.status).toBe(404);
    });
  });

  describe('unknown cards', () => {
    it('lists unknown taps, binds the card, checks the person in at the tap time, once', async () => {
      const uid = randomCardUid();
      const first = await tapUnknown(uid, new Date(Date.now() - 60_000).toISOString());
      const second = await tapUnknown(uid);
      const listed = await staff.get(`/api/shelters/${shelter.id}/unknown-cards`);
      const taps = (listed.body as { taps: UnknownTap[] }).taps;
      const ours = taps.filter((tap) => tap.eventId === first.eventId || tap.eventId === second.eventId);
      expect(ours.map((tap) => tap.eventId)).toEqual([second.eventId, first.eventId]);
      expect(ours[0]!.cardRef).toBe(ours[1]!.cardRef);
      expect(JSON.stringify(listed.body)).not.toContain(uid);
      expect((await otherStaff.get(`/api/shelters/${shelter.id}/unknown-cards`)).status).toBe(403);

      const person = await buildResident(t.db, { municipality: town });
      const before = await t.db.query<{ occupancy: number }>('SELECT occupancy FROM shelters WHERE id = $1', [
        shelter.id,
      ]);
      const bind = () =>
        staff.post(`/api/shelters/${shelter.id}/unknown-cards/${first.eventId}/bind`, {
          residentId: person.id,
          kind: 'transit',
        });
      const bound = await bind();
      expect(bound.status).toBe(200);
      expect(bound.body).toMatchObject({
        residentId: person.id,
        checkedIn: true,
        occupancy: { occupancy: before.rows[0]!.occupancy + 1 },
      });
      expect([...(bound.body as { resolvedEventIds: string[] }).resolvedEventIds].sort()).toEqual(
        [first.eventId, second.eventId].sort(),
      );

      const again = await bind();
      expect(again.status).toBe(409);
      expect(errorId(again.body)).toBe('already_resolved');
      const { rows } = await t.db.query<{ shelter_id: string; source: string; occurred_at: Date }>(
        'SELECT shelter_id, source, occurred_at FROM whereabouts_current WHERE resident_id = $1',
        [person.id],
      );
      expect(rows[0]).toMatchObject({ shelter_id: shelter.id, source: 'card_tap' });
      expect(rows[0]!.occurred_at.toISOString()).toBe(new Date(first.tappedAt).toISOString());
      const after = await t.db.query<{ occupancy: number }>('SELECT occupancy FROM shelters WHERE id = $1', [
        shelter.id,
      ]);
      expect(after.rows[0]!.occupancy).toBe(before.rows[0]!.occupancy + 1);
      const remaining = (await staff.get(`/api/shelters/${shelter.id}/unknown-cards`)).body as {
        taps: UnknownTap[];
      };
      expect(remaining.taps.map((tap) => tap.eventId)).not.toContain(second.eventId);
    });

    it('refuses to bind a card that already belongs to someone else', async () => {
      const uid = randomCardUid();
      const tap = await tapUnknown(uid);
      const owner = await buildResident(t.db, { municipality: town });
      await staff.post(`/api/residents/${owner.id}/cards`, { cardUid: uid, kind: 'transit' });
      const other = await buildResident(t.db, { municipality: town });
      const response = await staff.post(`/api/shelters/${shelter.id}/unknown-cards/${tap.eventId}/bind`, {
        residentId: other.id,
        kind: 'transit',
      });
      expect(response.status).toBe(409);
      expect(errorId(response.body)).toBe('card_already_bound');
    });
  });

  describe('walk-ins', () => {
    it('registers a tourist with their unknown card and checks them in', async () => {
      const tap = await tapUnknown(randomCardUid());
      const response = await staff.post(`/api/shelters/${shelter.id}/walk-ins`, {
        familyName: 'Smith',
        givenName: 'Anna',
        familyNameKana: 'すみす',
        givenNameKana: 'ｱﾝﾅ',
        sex: 'female',
        registration: 'tourist',
        language: 'en',
        careNeeds: ['language'],
        unknownCardEventId: tap.eventId,
        cardKind: 'transit',
      });
      expect(response.status).toBe(201);
      const result = response.body as { residentId: string; cardId: string; checkedIn: boolean };
      expect(result.checkedIn).toBe(true);
      const { rows } = await t.db.query(
        `SELECT r.registration, r.household_id, r.home_municipality_code, r.family_name_kana, r.given_name_kana,
                r.care_needs, w.shelter_id, c.resident_id AS card_owner
           FROM residents r JOIN whereabouts_current w ON w.resident_id = r.id JOIN cards c ON c.id = $2
          WHERE r.id = $1`,
        [result.residentId, result.cardId],
      );
      expect(rows[0]).toEqual({
        registration: 'tourist',
        household_id: null,
        home_municipality_code: null,
        family_name_kana: 'スミス',
        given_name_kana: 'アンナ',
        care_needs: ['language'],
        shelter_id: shelter.id,
        card_owner: result.residentId,
      });
      const found = await search(staff, { q: 'sumisu anna' });
      expect((found.body as { people: Person[] }).people.map((p) => p.id)).toContain(result.residentId);
    });

    it('registers without a card, and refuses bad input and other shelters', async () => {
      const plain = await staff.post(`/api/shelters/${shelter.id}/walk-ins`, {
        familyName: '名無',
        givenName: '権兵衛',
        sex: 'male',
        registration: 'no_papers',
        stayType: 'day',
      });
      expect(plain.body).toMatchObject({ cardId: null, checkedIn: true });
      const badKana = await staff.post(`/api/shelters/${shelter.id}/walk-ins`, {
        familyName: 'X',
        givenName: 'Y',
        familyNameKana: 'abc',
        sex: 'other',
        registration: 'visitor',
      });
      expect(errorId(badKana.body)).toBe('invalid_kana');
      const registry = await staff.post(`/api/shelters/${shelter.id}/walk-ins`, {
        familyName: 'X',
        givenName: 'Y',
        sex: 'other',
        registration: 'registry',
      });
      expect(errorId(registry.body)).toBe('validation_failed');
      const foreign = await otherStaff.post(`/api/shelters/${shelter.id}/walk-ins`, {
        familyName: 'X',
        givenName: 'Y',
        sex: 'other',
        registration: 'visitor',
      });
      expect(foreign.status).toBe(403);
    });
  });
});
