import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FamilySubscribedEvent, FamilyUpdateEvent } from '../server/src/realtime/events.js';
import {
  buildDesignation,
  buildIncident,
  buildMunicipality,
  buildResident,
  buildShelter,
  type BuiltMunicipality,
} from './support/factories.js';
import { smallJpeg } from './support/files.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * The access matrix end to end. server/src/policies/access-matrix.test.ts is the table of every
 * policy decision (role × action × resource); this file proves, through HTTP and sockets, the rows
 * that protect personal data.
 *
 * Object-level authorization of every personal-data endpoint and of the family:update event,
 * for each kind of actor, about one subject S:
 *   self (S), household member of S, designee of S, designee of S's designee (no transitive
 *   access), unrelated resident, staff of another shelter, HQ, anonymous.
 */
type Actor =
  'self' | 'household' | 'designee' | 'designeeOfDesignee' | 'unrelated' | 'staffOther' | 'hq' | 'anonymous';
const ACTORS: Actor[] = [
  'self',
  'household',
  'designee',
  'designeeOfDesignee',
  'unrelated',
  'staffOther',
  'hq',
  'anonymous',
];
const PURPOSE = 'authorization matrix test';

describe('authorization matrix', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let subjectId: string;
  let minorId: string;
  const clients = {} as Record<Actor, HttpClient>;
  const sockets: Socket[] = [];

  const residentLogin = (residentId: string) => signIn(t, { role: 'resident', residentId });

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
    const ownShelter = await buildShelter(t.db, { municipality: town });
    const otherShelter = await buildShelter(t.db, { municipality: town });
    await buildIncident(t.db);

    const subject = await buildResident(t.db, { municipality: town, birthDate: '1980-05-05' });
    subjectId = subject.id;
    const member = await buildResident(t.db, {
      municipality: town,
      householdId: subject.householdId,
      birthDate: '1982-01-01',
    });
    const minorBirth = new Date(Date.now() - 10 * 365 * 86_400_000).toISOString().slice(0, 10);
    minorId = (
      await buildResident(t.db, {
        municipality: town,
        householdId: subject.householdId,
        birthDate: minorBirth,
      })
    ).id;
    await t.db.query(`UPDATE residents SET whereabouts_visibility = 'nobody' WHERE id = $1`, [minorId]);
    const designee = await buildResident(t.db, { municipality: town });
    const designeeOfDesignee = await buildResident(t.db, { municipality: town });
    const unrelated = await buildResident(t.db, { municipality: town });
    await buildDesignation(t.db, { subjectId, designeeId: designee.id });
    await buildDesignation(t.db, { subjectId: designee.id, designeeId: designeeOfDesignee.id });

    clients.self = await residentLogin(subjectId);
    clients.household = await residentLogin(member.id);
    clients.designee = await residentLogin(designee.id);
    clients.designeeOfDesignee = await residentLogin(designeeOfDesignee.id);
    clients.unrelated = await residentLogin(unrelated.id);
    clients.staffOther = await signIn(t, { role: 'shelter_staff', shelterIds: [otherShelter.id] });
    clients.hq = await signIn(t, { role: 'hq_operator' });
    clients.anonymous = t.client();

    const checkedIn = await clients.hq.post(`/api/people/${subjectId}/report`, {
      place: 'shelter',
      shelterId: ownShelter.id,
      safety: 'safe',
      purpose: PURPOSE,
    });
    expect(checkedIn.status).toBe(200);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  async function statuses(request: (client: HttpClient) => Promise<{ status: number; body: unknown }>) {
    const result = {} as Record<Actor, number>;
    for (const actor of ACTORS) result[actor] = (await request(clients[actor])).status;
    return result;
  }

  const familyDeny = {
    unrelated: 404,
    designeeOfDesignee: 404,
    staffOther: 403,
    hq: 403,
    anonymous: 401,
  } as const;

  it('GET /api/me/family/:residentId — self, household and designee only; others cannot tell it exists', async () => {
    expect(await statuses((c) => c.get(`/api/me/family/${subjectId}`))).toEqual({
      self: 200,
      household: 200,
      designee: 200,
      ...familyDeny,
    });
    const forbidden = await clients.unrelated.get(`/api/me/family/${subjectId}`);
    const missing = await clients.unrelated.get(`/api/me/family/${randomUUID()}`);
    expect(forbidden.body).toEqual(missing.body);
  });

  it('GET /api/me/family — lists the subject only to those allowed', async () => {
    const listed = {} as Record<Actor, boolean | number>;
    for (const actor of ACTORS) {
      const { status, body } = await clients[actor].get('/api/me/family');
      if (status !== 200) listed[actor] = status;
      else {
        const family = body as { self: { residentId: string }; members: { residentId: string }[] };
        listed[actor] = [family.self, ...family.members].some((m) => m.residentId === subjectId);
      }
    }
    expect(listed).toEqual({
      self: true,
      household: true,
      designee: true,
      designeeOfDesignee: false,
      unrelated: false,
      staffOther: 403,
      hq: 403,
      anonymous: 401,
    });
  });

  it('a minor hidden from everyone is still visible to the adults of the household only', async () => {
    expect(await statuses((c) => c.get(`/api/me/family/${minorId}`))).toEqual({
      self: 200,
      household: 200,
      designee: 404,
      ...familyDeny,
    });
  });

  it('POST /api/me/family/:residentId/report — household and designee; the person uses /me/report', async () => {
    const result = await statuses((c) => c.post(`/api/me/family/${subjectId}/report`, { safety: 'safe' }));
    expect(result).toEqual({ self: 400, household: 200, designee: 200, ...familyDeny });
    // Validation errors must not come before authorization: same answer with a broken body.
    const broken = await clients.unrelated.post(`/api/me/family/${subjectId}/report`, { place: 'shelter' });
    expect(broken.status).toBe(404);
  });

  it('GET /api/people/:residentId — staff and HQ with a purpose; residents never', async () => {
    const withPurpose = await statuses((c) =>
      c.get(`/api/people/${subjectId}?purpose=${encodeURIComponent(PURPOSE)}`),
    );
    expect(withPurpose).toEqual({
      self: 403,
      household: 403,
      designee: 403,
      designeeOfDesignee: 403,
      unrelated: 403,
      staffOther: 200,
      hq: 200,
      anonymous: 401,
    });
    const noPurpose = await clients.staffOther.get(`/api/people/${subjectId}`);
    expect(noPurpose.status).toBe(400);
    expect((noPurpose.body as { error: { id: string } }).error.id).toBe('purpose_required');
    expect((await clients.hq.get(`/api/people/${randomUUID()}?purpose=x`)).status).toBe(404);
  });

  it('POST /api/people/:residentId/report — staff and HQ only, purpose required', async () => {
    const result = await statuses((c) =>
      c.post(`/api/people/${subjectId}/report`, { safety: 'safe', purpose: PURPOSE }),
    );
    expect(result).toEqual({
      self: 403,
      household: 403,
      designee: 403,
      designeeOfDesignee: 403,
      unrelated: 403,
      staffOther: 200,
      hq: 200,
      anonymous: 401,
    });
    expect((await clients.hq.post(`/api/people/${subjectId}/report`, { safety: 'safe' })).status).toBe(400);
  });

  it('HQ-only lists and exports', async () => {
    const hqOnly = {
      self: 403,
      household: 403,
      designee: 403,
      designeeOfDesignee: 403,
      unrelated: 403,
      staffOther: 403,
      hq: 200,
      anonymous: 401,
    };
    const q = `purpose=${encodeURIComponent(PURPOSE)}`;
    expect(await statuses((c) => c.get(`/api/people/unaccounted?municipality=${town.code}&${q}`))).toEqual(
      hqOnly,
    );
    expect(await statuses((c) => c.get(`/api/exports/anpi.csv?${q}`))).toEqual(hqOnly);
    expect(await statuses((c) => c.get(`/api/exports/pfif.xml?${q}`))).toEqual(hqOnly);
  });

  it('relief applications and their attachments — the applicant and reviewers only', async () => {
    const created = await clients.self.post('/api/me/applications', { programmeCode: 'damage_certificate' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const applicationId = (created.body as { id: string }).id;
    const uploaded = await fetch(
      `${t.url}/api/me/applications/${applicationId}/attachments?slot=damagePhotos&name=photo.jpg`,
      {
        method: 'POST',
        headers: {
          cookie: clients.self.cookieHeader ?? '',
          'x-csrf-token': clients.self.csrfToken ?? '',
          'content-type': 'image/jpeg',
        },
        body: new Uint8Array(smallJpeg()),
      },
    );
    expect(uploaded.status).toBe(201);
    const attachmentId = ((await uploaded.json()) as { id: string }).id;
    // Reviewers see applications once they are submitted.
    const submitted = await clients.self.post(`/api/me/applications/${applicationId}/submit`, {
      answers: {
        disasterDate: '2024-01-01',
        buildingType: 'detached',
        ownership: 'owner',
        damageDescription: '外壁にひび割れ',
        purpose: 'support_grant',
        copies: 1,
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const residentOnlyDeny = { household: 404, designee: 404, ...familyDeny } as const;
    expect(await statuses((c) => c.get(`/api/me/applications/${applicationId}`))).toEqual({
      self: 200,
      ...residentOnlyDeny,
    });
    expect(
      await statuses((c) => c.get(`/api/me/applications/${applicationId}/attachments/${attachmentId}`)),
    ).toEqual({ self: 200, ...residentOnlyDeny });

    const reviewerOnly = {
      self: 403,
      household: 403,
      designee: 403,
      designeeOfDesignee: 403,
      unrelated: 403,
      // Shelter staff may review other programmes: the route admits them, the application does not.
      staffOther: 404,
      hq: 200,
      anonymous: 401,
    };
    expect(await statuses((c) => c.get(`/api/relief/applications/${applicationId}`))).toEqual(reviewerOnly);
    expect(
      await statuses((c) => c.get(`/api/relief/applications/${applicationId}/attachments/${attachmentId}`)),
    ).toEqual(reviewerOnly);
  });

  it('GET /api/me/access-log — only ever the caller’s own log', async () => {
    const result = await statuses((c) => c.get('/api/me/access-log'));
    expect(result).toMatchObject({ self: 200, unrelated: 200, staffOther: 403, hq: 403, anonymous: 401 });
    type Log = { entries: { action: string; viewer: { role: string; name: string | null } }[] };
    // Nobody may view the unrelated resident's whereabouts as family; HQ listing them is logged.
    const unrelatedLog = (await clients.unrelated.get('/api/me/access-log')).body as Log;
    expect(unrelatedLog.entries.filter((e) => e.action === 'view_whereabouts')).toEqual([]);
    const subjectLog = (await clients.self.get('/api/me/access-log')).body as Log;
    expect(
      subjectLog.entries.some(
        (e) => e.action === 'view_whereabouts' && e.viewer.role === 'resident' && e.viewer.name,
      ),
    ).toBe(true);
    expect(
      subjectLog.entries.some(
        (e) => e.action === 'view_profile' && e.viewer.role === 'hq_operator' && e.viewer.name === null,
      ),
    ).toBe(true);
  });

  it('family:update reaches self, household and designee only', async () => {
    const received = {} as Record<Actor, FamilyUpdateEvent[]>;
    for (const actor of ACTORS) {
      received[actor] = [];
      const cookie = clients[actor].cookieHeader;
      const socket = connect(t.url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {} });
      sockets.push(socket);
      socket.on('family:update', (event: FamilyUpdateEvent) => received[actor].push(event));
      const ready = clients[actor].cookieHeader && !['staffOther', 'hq'].includes(actor);
      await new Promise<void>((resolve) =>
        ready
          ? socket.once('family:subscribed', (_: FamilySubscribedEvent) => resolve())
          : socket.once('connect', () => resolve()),
      );
    }
    expect((await clients.self.post('/api/me/report', { safety: 'injured', note: 'leg' })).status).toBe(200);
    await expect
      .poll(() => ['self', 'household', 'designee'].every((a) => received[a as Actor].length > 0))
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const got = Object.fromEntries(
      ACTORS.map((a) => [a, received[a].some((e) => e.residentId === subjectId)]),
    );
    expect(got).toEqual({
      self: true,
      household: true,
      designee: true,
      designeeOfDesignee: false,
      unrelated: false,
      staffOther: false,
      hq: false,
      anonymous: false,
    });
    expect(Object.keys(received.self[0]!).sort()).toEqual(['changedAt', 'residentId']);

    // Hiding from everyone takes the household member and the designee out of the room at once.
    expect(
      (await clients.self.request('PATCH', '/api/me/privacy', { json: { whereaboutsVisibility: 'nobody' } }))
        .status,
    ).toBe(200);
    for (const actor of ACTORS) received[actor].length = 0;
    await clients.hq.post(`/api/people/${subjectId}/report`, { safety: 'safe', purpose: PURPOSE });
    await expect.poll(() => received.self.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.household).toEqual([]);
    expect(received.designee).toEqual([]);
    expect((await clients.household.get(`/api/me/family/${subjectId}`)).status).toBe(404);
    await clients.self.request('PATCH', '/api/me/privacy', {
      json: { whereaboutsVisibility: 'household_and_designees' },
    });
  });
});
