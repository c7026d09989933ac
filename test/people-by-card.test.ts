/**
 * Finding a person by the card tapped on a counter's reader: the rules of the name search (staff
 * only, a purpose, the same per-account limits), one `card_lookup` entry in the person's access
 * log with the purpose, and distinct answers for a card nobody has and a revoked one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_LIMITS } from '../server/src/modules/people/search-gate.js';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  randomCardUid,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('people by card', () => {
  let t: TestServer;
  let staff: HttpClient;
  let person: { id: string };
  const uid = randomCardUid();

  beforeAll(async () => {
    t = await startTestServer();
    const town = await buildMunicipality(t.db);
    const shelter = await buildShelter(t.db, { municipality: town });
    // Shelter staff elsewhere: the card finds anyone, as the name search does.
    staff = await signIn(t, { role: 'shelter_staff', shelterIds: [shelter.id] });
    person = await buildResident(t.db, { municipality: town, birthDate: '1948-09-21' });
    await buildCard(t.db, { residentId: person.id, token: t.server.checkins.tokenFor(uid) });
  });
  afterAll(() => t.close());

  const lookUp = (client: HttpClient, cardUid: string, purpose = '窓口での代理手続き') =>
    client.post('/api/people/by-card', { cardUid, purpose });

  it('finds the holder of an active card, whichever way the UID is written, and logs the purpose', async () => {
    const spaced = uid.toLowerCase().replace(/(..)(?!$)/g, '$1:');
    const found = await lookUp(staff, ` ${spaced} `);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({
      person: { id: person.id, birthDate: '1948-09-21', familyName: '試験', score: 1 },
    });
    const { rows } = await t.db.query<{ action: string; purpose: string; via: string }>(
      'SELECT action, purpose, via FROM access_log WHERE subject_resident_id = $1',
      [person.id],
    );
    expect(rows).toEqual([
      { action: 'card_lookup', purpose: '窓口での代理手続き', via: 'POST /api/people/by-card' },
    ]);
  });

  it('tells a card nobody has from a revoked one, and logs neither', async () => {
    const unknown = await lookUp(staff, randomCardUid());
    expect(unknown).toMatchObject({ status: 404, body: { error: { id: 'card_unknown' } } });

    const revokedUid = randomCardUid();
    const other = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    await buildCard(t.db, {
      residentId: other.id,
      token: t.server.checkins.tokenFor(revokedUid),
      revoked: true,
    });
    const revoked = await lookUp(staff, revokedUid);
    expect(revoked).toMatchObject({ status: 409, body: { error: { id: 'card_revoked' } } });
    const { rows } = await t.db.query('SELECT 1 FROM access_log WHERE subject_resident_id = $1', [other.id]);
    expect(rows).toEqual([]);
  });

  it('needs a purpose and a UID, and refuses residents and the signed-out', async () => {
    expect((await lookUp(staff, uid, '  ')).body).toMatchObject({ error: { id: 'validation_failed' } });
    expect((await lookUp(staff, 'not a card')).body).toMatchObject({ error: { id: 'validation_failed' } });
    const resident = await signIn(t, { role: 'resident', residentId: person.id });
    expect((await lookUp(resident, uid)).status).toBe(403);
    expect((await lookUp(t.client(), uid)).status).toBe(401);
  });

  it('counts against the same per-account limit as the name search', async () => {
    const hq = await signIn(t, { role: 'hq_operator' });
    for (let i = 0; i < SEARCH_LIMITS.perUserPerMinute; i += 1) {
      expect((await lookUp(hq, uid)).status).toBe(200);
    }
    const search = await hq.get('/api/people/search?q=shiken&purpose=check');
    expect(search).toMatchObject({ status: 429, body: { error: { id: 'search_rate_limited' } } });
  });
});
