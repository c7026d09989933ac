import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationUpdateEvent, InboxNewEvent } from '../server/src/realtime/events.js';
import { buildMunicipality, buildResident, type BuiltMunicipality } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const MAX_BYTES = 200_000;

/** A small but well-formed JPEG: SOI, an APP0 segment, filler, EOI. */
const jpeg = () =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\u0000\u0001\u0001\u0000\u0000\u0001\u0000\u0001\u0000\u0000', 'latin1'),
    Buffer.alloc(2000, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

const certificateAnswers = {
  disasterDate: '2024-01-01',
  buildingType: 'detached',
  ownership: 'owner',
  damageDescription: '家屋が傾き、外壁に大きなひび割れ',
  purpose: 'support_grant',
  copies: 1,
};

interface Resident {
  residentId: string;
  householdId: string;
  client: HttpClient;
}

describe('relief applications', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let reviewer: HttpClient;
  let attachmentsDir: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    attachmentsDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-attachments-'));
    t = await startTestServer({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENTS_DIR: attachmentsDir });
    town = await buildMunicipality(t.db);
    reviewer = await signIn(t, { role: 'hq_operator' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  async function resident(householdId?: string): Promise<Resident> {
    const person = await buildResident(t.db, { municipality: town, householdId });
    const client = await signIn(t, { role: 'resident', residentId: person.id });
    return { residentId: person.id, householdId: person.householdId, client };
  }

  async function apply(who: Resident, programmeCode = 'damage_certificate'): Promise<string> {
    const { status, body } = await who.client.post('/api/me/applications', { programmeCode });
    expect(status, JSON.stringify(body)).toBe(201);
    return (body as { id: string }).id;
  }

  function upload(client: HttpClient, id: string, data: Buffer, slot = 'damagePhotos') {
    return fetch(`${t.url}/api/me/applications/${id}/attachments?slot=${slot}&name=photo.jpg`, {
      method: 'POST',
      headers: {
        cookie: client.cookieHeader ?? '',
        'x-csrf-token': client.csrfToken ?? '',
        'content-type': 'image/jpeg',
      },
      body: new Uint8Array(data),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));
  }

  const decide = (id: string, body: Record<string, unknown>, client = reviewer) =>
    client.post(`/api/relief/applications/${id}/decision`, body);

  async function submitted(who: Resident): Promise<string> {
    const id = await apply(who);
    expect((await upload(who.client, id, jpeg())).status).toBe(201);
    const { status, body } = await who.client.post(`/api/me/applications/${id}/submit`, {
      answers: certificateAnswers,
    });
    expect(status, JSON.stringify(body)).toBe(200);
    return id;
  }

  function open(client: HttpClient): Promise<Socket> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader! },
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  const nextUpdate = (socket: Socket, state: string) =>
    new Promise<ApplicationUpdateEvent>((resolve) => {
      const listener = (event: ApplicationUpdateEvent) => {
        if (event.state !== state) return;
        socket.off('application:update', listener);
        resolve(event);
      };
      socket.on('application:update', listener);
    });

  async function rowsAndFiles(applicationId: string) {
    const { rows } = await t.db.query('SELECT 1 FROM relief_attachments WHERE application_id = $1', [
      applicationId,
    ]);
    const files = await readdir(attachmentsDir, { recursive: true }).catch(() => [] as string[]);
    return { rows: rows.length, files: files.filter((f) => path.extname(f) !== '') };
  }

  it('lists the seeded programmes with valid form definitions', async () => {
    const who = await resident();
    const { status, body } = await who.client.get('/api/relief/programmes');
    expect(status).toBe(200);
    const codes = (body as { programmes: { code: string }[] }).programmes.map((p) => p.code);
    expect(codes).toEqual([
      'damage_certificate',
      'condolence_payment',
      'livelihood_support',
      'health_insurance_reissue',
      'tax_relief',
      'temporary_housing',
    ]);
  });

  it('runs the whole workflow live: correction, resubmission, approval, certificate PDF', async () => {
    const who = await resident();
    const socket = await open(who.client);
    const inboxNews: InboxNewEvent[] = [];
    socket.on('inbox:new', (event: InboxNewEvent) => inboxNews.push(event));

    const id = await apply(who);
    const draft = (await who.client.get(`/api/me/applications/${id}`)).body as {
      registry: { name: string; household: unknown[] };
      state: string;
    };
    expect(draft.state).toBe('draft');
    expect(draft.registry.name).toMatch(/^試験 太郎/);
    expect(draft.registry.household).toHaveLength(1);

    // Registry fields cannot be typed over; answers must fit the form; a photo is required.
    const typedName = await who.client.request('PUT', `/api/me/applications/${id}/answers`, {
      json: { answers: { applicantName: '別人' } },
    });
    expect(typedName.status).toBe(400);
    expect((typedName.body as { error: { id: string } }).error.id).toBe('form_invalid');
    const noPhoto = await who.client.post(`/api/me/applications/${id}/submit`, {
      answers: certificateAnswers,
    });
    expect((noPhoto.body as { error: { id: string } }).error.id).toBe('attachments_missing');
    const photo = await upload(who.client, id, jpeg());
    expect(photo.status).toBe(201);
    expect(photo.body.contentType).toBe('image/jpeg');
    expect(photo.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const wrongCopies = await who.client.post(`/api/me/applications/${id}/submit`, {
      answers: { ...certificateAnswers, copies: 9 },
    });
    expect(
      (wrongCopies.body as { error: { id: string; details: { path: string }[] } }).error.details[0]!.path,
    ).toBe('copies');

    const submittedLive = nextUpdate(socket, 'submitted');
    expect(
      (await who.client.post(`/api/me/applications/${id}/submit`, { answers: certificateAnswers })).status,
    ).toBe(200);
    await submittedLive;

    expect((await decide(id, { to: 'under_review' })).status).toBe(200);
    const correctionLive = nextUpdate(socket, 'correction_requested');
    const correction = await decide(id, {
      to: 'correction_requested',
      reason: '被害箇所の写真をもう一枚、部数は2部にしてください',
      fields: ['damagePhotos', 'copies'],
    });
    expect(correction.status, JSON.stringify(correction.body)).toBe(200);
    await correctionLive;
    const sentBack = (await who.client.get(`/api/me/applications/${id}`)).body as {
      correction: { fields: string[]; note: string };
      nextStates: string[];
    };
    expect(sentBack.correction.fields).toEqual(['damagePhotos', 'copies']);
    expect(sentBack.nextStates).toEqual(['resubmitted', 'withdrawn']);

    expect((await upload(who.client, id, jpeg())).status).toBe(201);
    const resubmit = await who.client.post(`/api/me/applications/${id}/submit`, {
      answers: { ...certificateAnswers, copies: 2 },
    });
    expect(resubmit.status).toBe(200);
    expect((await decide(id, { to: 'under_review' })).status).toBe(200);
    const missingLevel = await decide(id, { to: 'approved' });
    expect((missingLevel.body as { error: { id: string } }).error.id).toBe('damage_level_required');
    const issuedLive = nextUpdate(socket, 'issued');
    expect((await decide(id, { to: 'approved', damageLevel: 'large_half' })).status).toBe(200);
    await issuedLive;

    const final = (await who.client.get(`/api/me/applications/${id}`)).body as {
      state: string;
      certificateNumber: string;
      events: { from: string | null; to: string; actorRole: string; reason: string | null }[];
    };
    expect(final.state).toBe('issued');
    expect(final.events.map((e) => e.to)).toEqual([
      'draft',
      'submitted',
      'under_review',
      'correction_requested',
      'resubmitted',
      'under_review',
      'approved',
      'issued',
    ]);
    expect(final.events[3]!.reason).toContain('写真');
    expect(final.events[7]!.actorRole).toBe('system');

    // Each change reached the inbox too, in order.
    const inbox = (await who.client.get('/api/me/inbox')).body as {
      entries: { kind: string; application: { applicationId: string; state: string } | null }[];
    };
    const applicationEntries = inbox.entries.filter((e) => e.kind === 'application');
    expect(applicationEntries.map((e) => e.application?.state)).toEqual(
      final.events.slice(1).map((e) => e.to),
    );
    expect(inboxNews.filter((e) => e.applicationId === id)).toHaveLength(7);

    const pdf = await fetch(`${t.url}/api/me/applications/${id}/certificate.pdf`, {
      headers: { cookie: who.client.cookieHeader! },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/);
    expect(Buffer.from(bytes).toString('latin1')).toContain('/FontFile2');
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text.replace(/\s+/g, '')).toContain('罹災証明書');
    expect(text).toContain('大規模半壊');
    expect(text).toContain(final.certificateNumber);
    expect(text).toContain(draft.registry.name);
  });

  it('refuses illegal transitions and decisions without a reason', async () => {
    const who = await resident();
    const id = await submitted(who);
    const skip = await decide(id, { to: 'approved', damageLevel: 'half' });
    expect(skip.status).toBe(409);
    expect((skip.body as { error: { id: string } }).error.id).toBe('illegal_transition');
    expect((await who.client.post(`/api/me/applications/${id}/submit`, {})).status).toBe(409);
    const lateUpload = await upload(who.client, id, jpeg());
    expect(lateUpload.body).toMatchObject({ error: { id: 'application_not_editable' } });
    expect((await decide(id, { to: 'under_review' })).status).toBe(200);
    const noReason = await decide(id, { to: 'rejected' });
    expect((noReason.body as { error: { id: string } }).error.id).toBe('reason_required');
    const noFields = await decide(id, { to: 'correction_requested', reason: '写真が不鮮明' });
    expect((noFields.body as { error: { id: string } }).error.id).toBe('fields_required');
    const unknownField = await decide(id, { to: 'correction_requested', reason: 'x', fields: ['nope'] });
    expect((unknownField.body as { error: { id: string } }).error.id).toBe('unknown_fields');
    expect((await decide(id, { to: 'paid' })).status).toBe(409);
    expect((await decide(id, { to: 'rejected', reason: '対象外の建物です' })).status).toBe(200);
    expect((await decide(id, { to: 'under_review' })).status).toBe(409);
    // Nothing half-saved: the history holds only the accepted steps.
    const { rows } = await t.db.query<{ to_state: string }>(
      'SELECT to_state FROM relief_application_events WHERE application_id = $1 ORDER BY id',
      [id],
    );
    expect(rows.map((r) => r.to_state)).toEqual(['draft', 'submitted', 'under_review', 'rejected']);
  });

  it('allows one live application per household for one-per-household programmes, even when racing', async () => {
    const first = await resident();
    const second = await resident(first.householdId);
    // Drafts are not claims: both may start one; the first to submit holds the household's place.
    const drafts = [await apply(first), await apply(second)];
    expect((await upload(first.client, drafts[0]!, jpeg())).status).toBe(201);
    expect((await upload(second.client, drafts[1]!, jpeg())).status).toBe(201);
    const racing = await Promise.all(
      [first, second].map((who, i) =>
        who.client.post(`/api/me/applications/${drafts[i]}/submit`, { answers: certificateAnswers }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = racing.find((r) => r.status === 409)!;
    expect((refused.body as { error: { id: string } }).error.id).toBe('already_applied_household');
    // Once one is submitted, a new one in the household is refused at once.
    const third = await resident(first.householdId);
    const late = await third.client.post('/api/me/applications', { programmeCode: 'damage_certificate' });
    expect(late.status).toBe(409);
    expect((late.body as { error: { id: string } }).error.id).toBe('already_applied_household');
    // Per-person programmes are not limited.
    await apply(first, 'health_insurance_reissue');
    await apply(second, 'health_insurance_reissue');
  });

  it('stores the mailing address of a reissue request on the application', async () => {
    const who = await resident();
    const id = await apply(who, 'health_insurance_reissue');
    const answers = {
      reason: 'lost',
      mailingPostalCode: '920-0962',
      mailingAddress: '石川県金沢市広坂1-1-1 避難先',
    };
    expect((await who.client.post(`/api/me/applications/${id}/submit`, { answers })).status).toBe(200);
    const { rows } = await t.db.query<{ mailing_postal_code: string; mailing_address: string }>(
      'SELECT mailing_postal_code, mailing_address FROM relief_applications WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ mailing_postal_code: '920-0962', mailing_address: answers.mailingAddress });
  });

  it('refuses disguised, polyglot, oversized and empty uploads without leaving rows or files', async () => {
    const who = await resident();
    const id = await apply(who);
    const before = await rowsAndFiles(id);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const disguised = await upload(who.client, id, html);
    expect(disguised.status).toBe(415);
    expect((disguised.body as { error: { id: string } }).error.id).toBe('attachment_unsupported_type');
    // Archives are never opened: a zip bomb is refused by its first bytes, not expanded.
    const zipBomb = Buffer.concat([
      Buffer.from('PK\u0003\u0004\u0014\u0000\u0008\u0000', 'latin1'),
      Buffer.alloc(4_000),
    ]);
    expect((await upload(who.client, id, zipBomb)).body).toMatchObject({
      error: { id: 'attachment_unsupported_type' },
    });
    const zipInPng = Buffer.concat([
      PNG_SIGNATURE,
      Buffer.alloc(100, 1),
      Buffer.from('PK\u0003\u0004\u0014\u0000', 'latin1'),
      PNG_IEND,
    ]);
    expect((await upload(who.client, id, zipInPng)).body).toMatchObject({
      error: { id: 'attachment_polyglot' },
    });
    const appended = Buffer.concat([
      PNG_SIGNATURE,
      Buffer.alloc(100, 1),
      PNG_IEND,
      Buffer.from('extra payload'),
    ]);
    expect((await upload(who.client, id, appended)).body).toMatchObject({
      error: { id: 'attachment_polyglot' },
    });
    const pdfInJpeg = Buffer.concat([
      jpeg().subarray(0, 100),
      Buffer.from('%PDF-1.7\n'),
      jpeg().subarray(100),
    ]);
    expect((await upload(who.client, id, pdfInJpeg)).status).toBe(415);
    const oversized = Buffer.concat([
      jpeg().subarray(0, 20),
      randomBytes(MAX_BYTES),
      Buffer.from([0xff, 0xd9]),
    ]);
    const big = await upload(who.client, id, oversized);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: { id: 'attachment_too_large' } });
    expect((await upload(who.client, id, Buffer.alloc(0))).status).toBe(400);
    expect((await upload(who.client, id, jpeg(), 'noSuchSlot')).status).toBe(400);
    expect(await rowsAndFiles(id)).toEqual(before);
  });

  it('hides an application and its files from other residents and from staff who do not review it', async () => {
    const owner = await resident();
    const other = await resident();
    const id = await submitted(owner);
    const detail = (await owner.client.get(`/api/me/applications/${id}`)).body as {
      attachments: { id: string }[];
    };
    const attachmentId = detail.attachments[0]!.id;
    expect((await other.client.get(`/api/me/applications/${id}`)).status).toBe(404);
    expect((await other.client.get(`/api/me/applications/${id}/attachments/${attachmentId}`)).status).toBe(
      404,
    );
    expect((await other.client.get(`/api/me/applications/${id}/certificate.pdf`)).status).toBe(404);
    expect((await other.client.post(`/api/me/applications/${id}/submit`, {})).status).toBe(404);
    expect((await upload(other.client, id, jpeg())).status).toBe(404);
    expect((await other.client.get(`/api/relief/applications/${id}`)).status).toBe(403);
    expect((await decide(id, { to: 'under_review' }, other.client)).status).toBe(403);
    const shelterStaff = await signIn(t, { role: 'shelter_staff' });
    expect((await shelterStaff.get(`/api/relief/applications/${id}`)).status).toBe(404);
    expect((await decide(id, { to: 'under_review' }, shelterStaff)).status).toBe(404);
    const own = await fetch(`${t.url}/api/me/applications/${id}/attachments/${attachmentId}`, {
      headers: { cookie: owner.client.cookieHeader! },
    });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(jpeg())).toBe(true);
  });

  it('writes every staff read of an application or attachment to the applicant’s access log', async () => {
    const who = await resident();
    const id = await submitted(who);
    const queue = (
      await reviewer.get(`/api/relief/review-queue?programme=damage_certificate&municipality=${town.code}`)
    ).body as { entries: { id: string; applicantName: string }[] };
    expect(queue.entries.map((e) => e.id)).toContain(id);
    const detail = (await reviewer.get(`/api/relief/applications/${id}`)).body as {
      attachments: { id: string }[];
    };
    const file = await fetch(
      `${t.url}/api/relief/applications/${id}/attachments/${detail.attachments[0]!.id}`,
      {
        headers: { cookie: reviewer.cookieHeader! },
      },
    );
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    const { rows } = await t.db.query<{ action: string; viewer_role: string }>(
      'SELECT action, viewer_role FROM access_log WHERE subject_resident_id = $1 ORDER BY seq',
      [who.residentId],
    );
    expect(rows).toEqual([
      // The queue shows the applicant's name: listed there is a read of personal data too.
      { action: 'list_applications', viewer_role: 'hq_operator' },
      { action: 'view_application', viewer_role: 'hq_operator' },
      { action: 'view_attachment', viewer_role: 'hq_operator' },
    ]);
    // The resident's own reads are not logged.
    await who.client.get(`/api/me/applications/${id}`);
    const after = await t.db.query('SELECT 1 FROM access_log WHERE subject_resident_id = $1', [
      who.residentId,
    ]);
    expect(after.rows).toHaveLength(3);
  });

  it('filters the review queue by age of submission', async () => {
    const who = await resident();
    const id = await submitted(who);
    await t.db.query(
      `UPDATE relief_applications SET submitted_at = now() - interval '3 days' WHERE id = $1`,
      [id],
    );
    const old = (await reviewer.get(`/api/relief/review-queue?minAgeHours=48&municipality=${town.code}`))
      .body as {
      entries: { id: string }[];
    };
    expect(old.entries.map((e) => e.id)).toContain(id);
    const fresh = await submitted(await resident());
    const again = (await reviewer.get(`/api/relief/review-queue?minAgeHours=48&municipality=${town.code}`))
      .body as {
      entries: { id: string }[];
    };
    expect(again.entries.map((e) => e.id)).toEqual(old.entries.map((e) => e.id));
    expect(again.entries.map((e) => e.id)).not.toContain(fresh);
    const residentQueue = await who.client.get('/api/relief/review-queue');
    expect(residentQueue.status).toBe(403);
  });
});
