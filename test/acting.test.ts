import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDesignation,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  checkInAt,
  type BuiltMunicipality,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const SESSION_MINUTES = 20;
const REASON = '窓口で罹災証明書の申請を代行';
const certificateAnswers = {
  disasterDate: '2024-01-01',
  buildingType: 'detached',
  ownership: 'owner',
  damageDescription: '家屋が傾き、外壁に大きなひび割れ',
  purpose: 'support_grant',
  copies: 1,
};
const taxAnswers = { taxKind: 'resident_tax', request: 'reduction' };

interface LogEntry {
  viewer: { role: string; name: string | null };
  action: string;
  via: string;
  purpose: string | null;
  onBehalf: boolean;
}
interface Session {
  sessionId: string;
  residentId: string;
  expiresAt: string;
  startedAt: string;
}

const errorId = (response: { body: unknown }) => (response.body as { error?: { id: string } }).error?.id;

describe('acting for a resident (代理)', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let shelterId: string;
  let staff: HttpClient;

  beforeAll(async () => {
    t = await startTestServer({ ACTING_SESSION_MINUTES: String(SESSION_MINUTES) });
    town = await buildMunicipality(t.db);
    shelterId = (await buildShelter(t.db, { municipality: town })).id;
    staff = await signIn(t, { role: 'shelter_staff', shelterIds: [shelterId] });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A resident with an account, at the shelter unless told otherwise. */
  async function resident(options: { atShelter?: boolean } = {}) {
    const person = await buildResident(t.db, { municipality: town });
    if (options.atShelter !== false) await checkInAt(t.db, shelterId, [person.id]);
    const client = await signIn(t, { role: 'resident', residentId: person.id });
    return { id: person.id, client };
  }

  const accessLog = async (client: HttpClient) =>
    ((await client.get('/api/me/access-log')).body as { entries: LogEntry[] }).entries;

  async function start(client: HttpClient, residentId: string, reason = REASON) {
    return client.post('/api/acting/sessions', {
      residentId,
      consent: 'in_person',
      reason,
      identityChecked: true,
    });
  }

  async function openSession(client: HttpClient, residentId: string): Promise<Session> {
    const response = await start(client, residentId);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as Session;
  }

  it('staff at the shelter submit an application for the person, each act in their access log', async () => {
    const person = await resident();
    const session = await openSession(staff, person.id);
    expect(session.residentId).toBe(person.id);
    expect(Date.parse(session.expiresAt) - Date.parse(session.startedAt)).toBe(SESSION_MINUTES * 60_000);

    const base = `/api/acting/sessions/${session.sessionId}`;
    const created = await staff.post(`${base}/applications`, { programmeCode: 'damage_certificate' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(
      (await staff.put(`${base}/applications/${id}/answers`, { answers: certificateAnswers })).status,
    ).toBe(200);
    // The photos are required: without an upload or a paper original the submission is refused.
    const early = await staff.post(`${base}/applications/${id}/submit`, {});
    expect(errorId(early)).toBe('attachments_missing');
    const paper = await staff.post(`${base}/applications/${id}/paper-originals`, {
      slot: 'damagePhotos',
      note: '写真4枚（紙）',
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    const unknownSlot = await staff.post(`${base}/applications/${id}/paper-originals`, { slot: 'passport' });
    expect(errorId(unknownSlot)).toBe('unknown_slot');
    const submitted = await staff.post(`${base}/applications/${id}/submit`, {});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    // The person sees it as their own application, submitted for them by staff.
    const own = (await person.client.get(`/api/me/applications/${id}`)).body as {
      state: string;
      events: { to: string; actorRole: string; onBehalf: string | null }[];
      paperOriginals: { slot: string; note: string | null }[];
    };
    expect(own.state).toBe('submitted');
    expect(own.events.at(-1)).toMatchObject({
      to: 'submitted',
      actorRole: 'shelter_staff',
      onBehalf: 'staff',
    });
    expect(own.events[0]).toMatchObject({ to: 'draft', onBehalf: 'staff' });
    expect(own.paperOriginals).toEqual([
      expect.objectContaining({ slot: 'damagePhotos', note: '写真4枚（紙）' }),
    ]);

    const log = await accessLog(person.client);
    const acts = log.filter((entry) => entry.onBehalf).map((entry) => entry.action);
    expect(acts).toEqual([
      'acting_application_submitted',
      'acting_paper_received',
      'acting_application_saved',
      'acting_application_created',
      'acting_started',
    ]);
    for (const entry of log.filter((e) => e.onBehalf)) {
      expect(entry).toMatchObject({
        viewer: { role: 'shelter_staff', name: 'Test shelter_staff' },
        purpose: REASON,
      });
    }
    expect(log[0]!.via).toBe('POST /api/acting/sessions/:sessionId/applications/:id/submit');
  });

  it('reports the person’s safety in the session, logged with its reason', async () => {
    const person = await resident();
    const session = await openSession(staff, person.id);
    const report = await staff.post(`/api/acting/sessions/${session.sessionId}/report`, { safety: 'safe' });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ whereabouts: { safety: 'safe' } });
    const [entry] = await accessLog(person.client);
    expect(entry).toMatchObject({ action: 'acting_safety_reported', purpose: REASON, onBehalf: true });
  });

  it('lets shelter staff act only for someone at their shelter, HQ at any counter', async () => {
    const elsewhere = await resident({ atShelter: false });
    const refused = await start(staff, elsewhere.id);
    expect(refused.status).toBe(403);
    expect(errorId(refused)).toBe('acting_not_allowed');
    const otherShelter = (await buildShelter(t.db, { municipality: town })).id;
    const otherStaff = await signIn(t, { role: 'shelter_staff', shelterIds: [otherShelter] });
    const here = await resident();
    expect(errorId(await start(otherStaff, here.id))).toBe('acting_not_allowed');
    expect(await accessLog(here.client)).toEqual([]);

    const hq = await signIn(t, { role: 'hq_operator' });
    const counter = await openSession(hq, elsewhere.id);
    expect(counter.residentId).toBe(elsewhere.id);
    // A resident never opens a staff acting session.
    expect((await start(here.client, elsewhere.id)).status).toBe(403);
  });

  it('refuses acts outside the session: another staff member, another person, after expiry, after the end', async () => {
    const person = await resident();
    const stranger = await resident();
    const strangersOwn = (
      (await stranger.client.post('/api/me/applications', { programmeCode: 'tax_relief' })).body as {
        id: string;
      }
    ).id;
    const session = await openSession(staff, person.id);
    const base = `/api/acting/sessions/${session.sessionId}`;

    const colleague = await signIn(t, { role: 'shelter_staff', shelterIds: [shelterId] });
    const borrowed = await colleague.post(`${base}/applications`, { programmeCode: 'tax_relief' });
    expect(borrowed.status).toBe(403);
    expect(errorId(borrowed)).toBe('acting_session_required');
    // The session acts for its person only: someone else's application does not exist in it.
    const foreign = await staff.post(`${base}/applications/${strangersOwn}/submit`, { answers: taxAnswers });
    expect(foreign.status).toBe(404);

    const logged = (await accessLog(person.client)).length;
    await t.db.query(
      `UPDATE acting_sessions SET started_at = now() - interval '2 hours', expires_at = now() - interval '1 second'
        WHERE id = $1`,
      [session.sessionId],
    );
    const late = await staff.post(`${base}/applications`, { programmeCode: 'tax_relief' });
    expect(late.status).toBe(403);
    expect(errorId(late)).toBe('acting_session_required');
    expect(errorId(await staff.post(`${base}/report`, { safety: 'safe' }))).toBe('acting_session_required');
    expect(
      ((await staff.get('/api/acting/sessions/current')).body as { session: unknown }).session,
    ).toBeNull();
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM relief_applications WHERE resident_id = $1',
      [person.id],
    );
    expect(rows[0]!.n).toBe(0);
    expect((await accessLog(person.client)).length).toBe(logged);

    const again = await openSession(staff, person.id);
    expect(
      ((await staff.get('/api/acting/sessions/current')).body as { session: Session }).session.sessionId,
    ).toBe(again.sessionId);
    expect((await staff.post(`/api/acting/sessions/${again.sessionId}/end`, {})).status).toBe(200);
    const ended = await staff.post(`/api/acting/sessions/${again.sessionId}/applications`, {
      programmeCode: 'tax_relief',
    });
    expect(errorId(ended)).toBe('acting_session_required');
    expect((await accessLog(person.client))[0]).toMatchObject({ action: 'acting_ended', purpose: REASON });
  });

  it('ends the previous session when staff start acting for someone else', async () => {
    const first = await resident();
    const second = await resident();
    const one = await openSession(staff, first.id);
    await openSession(staff, second.id);
    const stale = await staff.post(`/api/acting/sessions/${one.sessionId}/report`, { safety: 'safe' });
    expect(errorId(stale)).toBe('acting_session_required');
    expect((await accessLog(first.client))[0]).toMatchObject({ action: 'acting_ended', onBehalf: true });
  });

  it('a designee the person allows to act for them reads their notices and applies for them', async () => {
    const subject = await resident({ atShelter: false });
    const designeePerson = await buildResident(t.db, { municipality: town });
    const designeeUser = await buildUser(t.db, { role: 'resident', residentId: designeePerson.id });
    const designee = t.client();
    await designee.login(designeeUser.username, designeeUser.password);
    const designationId = await buildDesignation(t.db, {
      subjectId: subject.id,
      designeeId: designeePerson.id,
    });
    const base = `/api/me/acting-for/${subject.id}`;

    // A designation alone lets the designee see whereabouts, not act.
    const early = await designee.post(`${base}/applications`, { programmeCode: 'tax_relief' });
    expect(early.status).toBe(403);
    expect(errorId(early)).toBe('acting_not_allowed');
    expect(errorId(await designee.get(`${base}/notices`))).toBe('acting_not_allowed');

    const grant = await subject.client.put(`/api/me/designees/${designationId}/act-for-me`, {
      allowed: true,
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    const outgoing = (await subject.client.get('/api/me/designees')).body as {
      designees: { id: string; actForMe: boolean }[];
    };
    expect(outgoing.designees.find((d) => d.id === designationId)?.actForMe).toBe(true);
    expect(
      ((await designee.get('/api/me/acting-for')).body as { people: { residentId: string }[] }).people,
    ).toEqual([expect.objectContaining({ residentId: subject.id })]);

    const notices = await designee.get(`${base}/notices`);
    expect(notices.status, JSON.stringify(notices.body)).toBe(200);

    const created = await designee.post(`${base}/applications`, { programmeCode: 'tax_relief' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const submitted = await designee.post(`${base}/applications/${id}/submit`, { answers: taxAnswers });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const own = (await subject.client.get(`/api/me/applications/${id}`)).body as {
      state: string;
      events: { actorRole: string; onBehalf: string | null }[];
    };
    expect(own.state).toBe('submitted');
    expect(own.events.at(-1)).toMatchObject({ actorRole: 'resident', onBehalf: 'designee' });
    // Someone acting for the person is never offered the person's own decision to withdraw.
    const seen = (await designee.get(`${base}/applications/${id}`)).body as { nextStates: string[] };
    expect(seen.nextStates).not.toContain('withdrawn');

    const log = await accessLog(subject.client);
    expect(log.slice(0, 5).map((e) => e.action)).toEqual([
      'acting_application_viewed',
      'acting_application_submitted',
      'acting_application_created',
      'acting_notices_read',
      'act_for_me_allowed',
    ]);
    expect(log[0]!.viewer.name).toMatch(/^試験 太郎/);
    expect(log[0]!.onBehalf).toBe(true);

    // Withdrawn permission: the designee is refused again, and nothing more is written.
    await subject.client.put(`/api/me/designees/${designationId}/act-for-me`, { allowed: false });
    expect(errorId(await designee.get(`${base}/applications`))).toBe('acting_not_allowed');
    expect((await accessLog(subject.client))[0]!.action).toBe('act_for_me_withdrawn');
    // The permission belongs to the subject: the designee cannot grant it to themselves.
    const selfGrant = await designee.put(`/api/me/designees/${designationId}/act-for-me`, { allowed: true });
    expect(selfGrant.status).toBe(404);
  });
});
