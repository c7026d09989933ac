import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident, type BuiltMunicipality } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const MiB = 1024 * 1024;
const FILE_BYTES = 400_000;

/** A well-formed JPEG of about `size` bytes. */
const jpeg = (size = 2_000) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size, 0x11), Buffer.from([0xff, 0xd9])]);

const certificateAnswers = {
  disasterDate: '2024-01-01',
  buildingType: 'detached',
  ownership: 'owner',
  damageDescription: '家屋が傾いた',
  purpose: 'support_grant',
  copies: 1,
};

interface Resident {
  residentId: string;
  householdId: string;
  client: HttpClient;
}

const errorId = (body: unknown) => (body as { error: { id: string } }).error.id;

/** What one resident or household can hold, how a draft is withdrawn, and what a household sees. */
describe('relief application limits and household drafts', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let attachmentsDir: string;

  beforeAll(async () => {
    attachmentsDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-quota-'));
    t = await startTestServer({
      ATTACHMENTS_DIR: attachmentsDir,
      ATTACHMENT_MAX_BYTES: String(FILE_BYTES + 10_000),
      RELIEF_DRAFTS_PER_RESIDENT: '3',
      RELIEF_DRAFTS_PER_HOUSEHOLD: '4',
      RELIEF_ATTACHMENT_BYTES_PER_RESIDENT: String(MiB),
      RELIEF_ATTACHMENT_BYTES_PER_HOUSEHOLD: String(MiB),
    });
    town = await buildMunicipality(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  async function resident(householdId?: string): Promise<Resident> {
    const person = await buildResident(t.db, { municipality: town, householdId });
    const client = await signIn(t, { role: 'resident', residentId: person.id });
    return { residentId: person.id, householdId: person.householdId, client };
  }
  const start = (who: Resident, programmeCode = 'health_insurance_reissue') =>
    who.client.post('/api/me/applications', { programmeCode });
  const idOf = (response: { body: unknown }) => (response.body as { id: string }).id;
  const withdraw = (who: Resident, id: string) => who.client.post(`/api/me/applications/${id}/withdraw`, {});
  const upload = (who: Resident, id: string, data: Buffer, slot = 'damagePhotos', type = 'image/jpeg') =>
    fetch(`${t.url}/api/me/applications/${id}/attachments?slot=${slot}`, {
      method: 'POST',
      headers: {
        cookie: who.client.cookieHeader ?? '',
        'x-csrf-token': who.client.csrfToken ?? '',
        'content-type': type,
      },
      body: new Uint8Array(data),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }));
  const files = async () =>
    (await readdir(attachmentsDir, { recursive: true })).filter((f) => path.extname(f) !== '');

  it('limits open drafts per resident and per household, and withdrawing one frees its place', async () => {
    const first = await resident();
    const second = await resident(first.householdId);
    const drafts = [];
    for (let i = 0; i < 3; i += 1) {
      const started = await start(first);
      expect(started.status).toBe(201);
      drafts.push(idOf(started));
    }
    const fourth = await start(first);
    expect(fourth.status).toBe(409);
    expect(errorId(fourth.body)).toBe('draft_quota_exceeded');
    expect((await start(second)).status).toBe(201);
    const overHousehold = await start(second);
    expect(overHousehold.status).toBe(409);
    expect(errorId(overHousehold.body)).toBe('household_draft_quota_exceeded');

    expect((await withdraw(first, drafts[0]!)).status).toBe(200);
    expect((await start(second)).status).toBe(201);
    // Submitted applications are not drafts.
    const answers = {
      reason: 'lost',
      mailingPostalCode: '920-0962',
      mailingAddress: '石川県金沢市広坂1-1-1',
    };
    expect((await first.client.post(`/api/me/applications/${drafts[1]}/submit`, { answers })).status).toBe(
      200,
    );
    expect((await start(first)).status).toBe(201);
  });

  it('limits attachment bytes per resident and per household; a withdrawn draft’s files are deleted', async () => {
    const owner = await resident();
    const draft = idOf(await start(owner, 'damage_certificate'));
    expect((await upload(owner, draft, jpeg(FILE_BYTES))).status).toBe(201);
    expect((await upload(owner, draft, jpeg(FILE_BYTES))).status).toBe(201);
    const third = await upload(owner, draft, jpeg(FILE_BYTES));
    expect(third.status).toBe(409);
    expect(errorId(third.body)).toBe('attachment_quota_exceeded');
    expect(third.body).toMatchObject({ error: { details: { limitBytes: MiB } } });

    // The household shares a quota too: another member cannot add what would go over it.
    const member = await resident(owner.householdId);
    const memberDraft = idOf(await start(member, 'damage_certificate'));
    const overHousehold = await upload(member, memberDraft, jpeg(FILE_BYTES));
    expect(overHousehold.status).toBe(409);
    expect(errorId(overHousehold.body)).toBe('household_attachment_quota_exceeded');

    const before = (await files()).length;
    expect((await withdraw(owner, draft)).status).toBe(200);
    expect((await files()).length).toBe(before - 2);
    expect((await upload(member, memberDraft, jpeg(FILE_BYTES))).status).toBe(201);
  });

  it('lets a household member’s forgotten draft never block the others, who see it and can apply', async () => {
    const starter = await resident();
    const sibling = await resident(starter.householdId);
    const forgotten = idOf(await start(starter, 'damage_certificate'));
    const mine = await start(sibling, 'damage_certificate');
    expect(mine.status).toBe(201);

    const seen = (await sibling.client.get('/api/me/household/applications')).body as {
      applications: { id: string; state: string; programmeCode: string; applicant: { residentId: string } }[];
    };
    expect(seen.applications).toEqual([
      expect.objectContaining({
        id: forgotten,
        state: 'draft',
        programmeCode: 'damage_certificate',
        applicant: expect.objectContaining({ residentId: starter.residentId }) as unknown,
      }),
    ]);
    expect(JSON.stringify(seen)).not.toContain('answers');

    // The sibling submits; the forgotten draft can then no longer be submitted, only withdrawn.
    const siblingDraft = idOf(mine);
    expect((await upload(sibling, siblingDraft, jpeg())).status).toBe(201);
    const submitted = await sibling.client.post(`/api/me/applications/${siblingDraft}/submit`, {
      answers: certificateAnswers,
    });
    expect(submitted.status).toBe(200);
    expect((await upload(starter, forgotten, jpeg())).status).toBe(201);
    const late = await starter.client.post(`/api/me/applications/${forgotten}/submit`, {
      answers: certificateAnswers,
    });
    expect(late.status).toBe(409);
    expect(errorId(late.body)).toBe('already_applied_household');
    expect((await withdraw(starter, forgotten)).status).toBe(200);
    const detail = (await starter.client.get(`/api/me/applications/${forgotten}`)).body as {
      state: string;
      nextStates: string[];
    };
    expect(detail).toMatchObject({ state: 'withdrawn', nextStates: [] });
    // A decided application cannot be withdrawn; someone else's cannot be touched.
    expect((await withdraw(starter, siblingDraft)).status).toBe(404);
    expect(errorId((await withdraw(starter, forgotten)).body)).toBe('illegal_transition');
  });

  it('refuses a PDF whose active content is hidden behind #xx name escapes', async () => {
    const who = await resident();
    const draft = idOf(await start(who, 'damage_certificate'));
    for (const name of ['/Open#41ction', '/J#61vaScript', '/L#61unch']) {
      const pdf = Buffer.from(`%PDF-1.7\n1 0 obj << ${name} << /S /URI >> >> endobj\ntrailer\n%%EOF\n`);
      const answer = await upload(who, draft, pdf, 'damagePhotos', 'application/pdf');
      expect(errorId(answer.body), name).toBe('attachment_polyglot');
    }
  });
});
