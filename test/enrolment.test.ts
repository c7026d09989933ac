import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateEnrolmentCode,
  hashEnrolmentCode,
  normaliseEnrolmentCode,
} from '../server/src/modules/enrolment/enrolment-code.js';
import {
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomBirthDate,
  type BuiltMunicipality,
} from './support/factories.js';
import { claim, goodPassword, issueCode, newAddress, start } from './support/enrolment.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const INVALID = {
  error: {
    id: 'enrolment_invalid',
    message:
      'This code and birth date cannot be used. Check both, or ask at a shelter or your municipal office for a new code.',
  },
};

describe('enrolment codes: issue, claim, reissue, recovery', () => {
  let t: TestServer;
  let municipality: BuiltMunicipality;
  let hq: HttpClient;

  beforeAll(async () => {
    t = await startTestServer({ TRUST_PROXY: '1' });
    municipality = await buildMunicipality(t.db);
    hq = await signIn(t, { role: 'hq_operator' });
  });
  afterAll(() => t.close());

  async function person(birthDate = randomBirthDate(), householdId?: string) {
    const built = await buildResident(t.db, { municipality, birthDate, householdId });
    return { ...built, birthDate };
  }

  it('issues a grouped code with a QR code of the portal address; only its hash is stored', async () => {
    const p = await person();
    const issued = await issueCode(hq, p.id);
    expect(issued.code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(issued.recovery).toBe(false);
    expect(issued.portalUrl).toBe(`${t.url}/#/enrol?code=${issued.code}`);
    expect(issued.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(issued.qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');
    expect(new Date(issued.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const { rows } = await t.db.query<{ row: string; code_hash: string }>(
      'SELECT row_to_json(c)::text AS row, code_hash FROM enrolment_codes c WHERE resident_id = $1',
      [p.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).toBe(hashEnrolmentCode(normaliseEnrolmentCode(issued.code)!));
    const plain = issued.code.replaceAll('-', '');
    expect(rows[0]!.row).not.toContain(plain);
    expect(rows[0]!.row).not.toContain(issued.code);

    const log = await t.db.query<{ action: string }>(
      'SELECT action FROM access_log WHERE subject_resident_id = $1',
      [p.id],
    );
    expect(log.rows.map((row) => row.action)).toEqual(['enrolment_code_issued']);
  });

  it('lets shelter staff issue codes only at a shelter they work at; residents not at all', async () => {
    const here = await buildShelter(t.db, { municipality });
    const elsewhere = await buildShelter(t.db, { municipality });
    const staff = await signIn(t, { role: 'shelter_staff', shelterIds: [here.id] });
    const p = await person();
    const noShelter = await staff.post('/api/enrolment/codes', { residentId: p.id });
    expect(noShelter.status).toBe(400);
    expect(noShelter.body).toMatchObject({ error: { id: 'shelter_required' } });
    const other = await staff.post('/api/enrolment/codes', { residentId: p.id, shelterId: elsewhere.id });
    expect(other.status).toBe(403);
    const issued = await issueCode(staff, p.id, here.id);
    expect(issued.displayName).toContain('試験');
    const status = await staff.get(`/api/enrolment/people/${p.id}?shelterId=${here.id}`);
    expect(status.body).toMatchObject({ enrolled: false, openCode: { id: issued.codeId, recovery: false } });

    const resident = await signIn(t, { role: 'resident', residentId: (await person()).id });
    expect((await resident.post('/api/enrolment/codes', { residentId: p.id })).status).toBe(403);
    expect((await t.client().post('/api/enrolment/codes', { residentId: p.id })).status).toBe(401);
    const unknown = await hq.post('/api/enrolment/codes', {
      residentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    const nowhere = await hq.post('/api/enrolment/codes', {
      residentId: p.id,
      shelterId: '00000000-0000-4000-8000-000000000000',
    });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body).toMatchObject({ error: { id: 'not_found', message: 'Shelter not found.' } });
  });

  it('claims with a password: the account signs in, the inbox says so, the access log records it', async () => {
    const p = await person();
    const issued = await issueCode(hq, p.id);
    const resident = t.client();
    const address = newAddress();

    const started = await start(resident, address, {
      code: issued.code.toLowerCase(),
      birthDate: p.birthDate,
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      displayName: issued.displayName,
      recovery: false,
      passkeyOptions: { rp: { id: '127.0.0.1' }, authenticatorSelection: { residentKey: 'required' } },
    });

    const password = goodPassword();
    const claimed = await claim(resident, address, { code: issued.code, birthDate: p.birthDate, password });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(201);
    const body = claimed.body as {
      csrfToken: string;
      username: string;
      recovered: boolean;
      user: { role: string };
    };
    expect(body).toMatchObject({ recovered: false, user: { role: 'resident', residentId: p.id } });
    resident.csrfToken = body.csrfToken;

    expect((await resident.get('/api/me')).body).toMatchObject({ user: { residentId: p.id } });
    const inbox = (await resident.get('/api/me/inbox')).body as {
      entries: { kind: string; account: unknown }[];
    };
    expect(inbox.entries).toEqual([
      expect.objectContaining({ kind: 'account', account: { event: 'enrolled', member: null } }),
    ]);
    const log = (await resident.get('/api/me/access-log')).body as { entries: { action: string }[] };
    expect(log.entries.map((entry) => entry.action)).toEqual(['account_enrolled', 'enrolment_code_issued']);

    const again = t.client();
    await again.login(body.username, password);
    const { rows } = await t.db.query<{ used: boolean }>(
      'SELECT used_at IS NOT NULL AS used FROM enrolment_codes WHERE id = $1',
      [issued.codeId],
    );
    expect(rows[0]!.used).toBe(true);
    // Staff now see an account, and a new code would be a recovery code.
    expect((await hq.get(`/api/enrolment/people/${p.id}`)).body).toEqual({ enrolled: true, openCode: null });
  });

  it('gives one neutral answer for every code that cannot be claimed, on both steps', async () => {
    const make = async () => {
      const p = await person();
      return { p, issued: await issueCode(hq, p.id) };
    };
    const expired = await make();
    await t.db.query(
      `UPDATE enrolment_codes SET issued_at = now() - interval '31 days', expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.issued.codeId],
    );
    const revoked = await make();
    expect((await hq.post(`/api/enrolment/codes/${revoked.issued.codeId}/revoke`, {})).status).toBe(204);
    const used = await make();
    expect(
      (await claim(t.client(), newAddress(), { ...codeOf(used), password: goodPassword() })).status,
    ).toBe(201);
    const enrolledMeanwhile = await make();
    await buildUser(t.db, { role: 'resident', residentId: enrolledMeanwhile.p.id });
    const wrongDate = await make();
    const unknownCode = '2345-6789-ABCD-EFGH';

    const attempts: { code: string; birthDate: string }[] = [
      { code: unknownCode, birthDate: '1970-01-01' },
      { code: 'not a code at all', birthDate: '1970-01-01' },
      { code: wrongDate.issued.code, birthDate: dayAfter(wrongDate.p.birthDate) },
      codeOf(expired),
      codeOf(revoked),
      codeOf(used),
      codeOf(enrolledMeanwhile),
    ];
    for (const attempt of attempts) {
      const steps = [
        ['start', await start(t.client(), newAddress(), attempt)],
        ['claim', await claim(t.client(), newAddress(), { ...attempt, password: goodPassword() })],
      ] as const;
      for (const [step, response] of steps) {
        expect(response.status, `${step} ${JSON.stringify(attempt)}`).toBe(400);
        expect(response.body).toEqual(INVALID);
      }
    }
    // The right birth date still works for the code that was only tried with a wrong one.
    expect((await start(t.client(), newAddress(), codeOf(wrongDate))).status).toBe(200);
  });

  it('refuses a malformed request with a clear validation error, not the neutral one', async () => {
    const response = await claim(t.client(), newAddress(), {
      code: '2345-6789-ABCD-EFGH',
      birthDate: '1970-01-01',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { id: 'validation_failed' } });
    const badDate = await start(t.client(), newAddress(), {
      code: '2345-6789-ABCD-EFGH',
      birthDate: '1970-13-01',
    });
    expect(badDate.body).toMatchObject({ error: { id: 'validation_failed' } });
  });

  it('reissuing revokes the previous code, and every issue and revoke is in the access log', async () => {
    const p = await person();
    const first = await issueCode(hq, p.id);
    const second = await issueCode(hq, p.id);
    expect(
      (await start(t.client(), newAddress(), { code: first.code, birthDate: p.birthDate })).body,
    ).toEqual(INVALID);
    expect(
      (await start(t.client(), newAddress(), { code: second.code, birthDate: p.birthDate })).status,
    ).toBe(200);
    const log = await t.db.query<{ action: string; purpose: string }>(
      'SELECT action, purpose FROM access_log WHERE subject_resident_id = $1 ORDER BY subject_seq',
      [p.id],
    );
    expect(log.rows.map((row) => row.action)).toEqual([
      'enrolment_code_issued',
      'enrolment_code_revoked',
      'enrolment_code_issued',
    ]);
    expect((await hq.post(`/api/enrolment/codes/${first.codeId}/revoke`, {})).status).toBe(404);
  });

  it('keeps nothing half-created: a bad passkey or a weak password leaves no account and the code open', async () => {
    const p = await person();
    const issued = await issueCode(hq, p.id);
    const address = newAddress();
    const started = await start(t.client(), address, { code: issued.code, birthDate: p.birthDate });
    const challenge = (started.body as { passkeyOptions: { challenge: string } }).passkeyOptions.challenge;
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge, origin: t.url }),
    ).toString('base64url');
    const forged = {
      id: 'AAAAAAAAAAAAAAAAAAAAAA',
      rawId: 'AAAAAAAAAAAAAAAAAAAAAA',
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON, attestationObject: 'o2NmbXRkbm9uZQ' },
    };
    const badPasskey = await claim(t.client(), address, { ...codeOf({ p, issued }), passkey: forged });
    expect(badPasskey.body).toMatchObject({ error: { id: 'passkey_invalid' } });
    const weak = await claim(t.client(), address, { ...codeOf({ p, issued }), password: 'password1234' });
    expect(weak.body).toMatchObject({ error: { id: 'weak_password' } });
    // The forged answer used up its challenge: it cannot be replayed either.
    const replay = await claim(t.client(), address, { ...codeOf({ p, issued }), passkey: forged });
    expect(replay.body).toMatchObject({ error: { id: 'passkey_invalid' } });

    const accounts = await t.db.query('SELECT 1 FROM users WHERE resident_id = $1', [p.id]);
    expect(accounts.rows).toHaveLength(0);
    const inbox = await t.db.query('SELECT 1 FROM inbox_items WHERE resident_id = $1', [p.id]);
    expect(inbox.rows).toHaveLength(0);
    const ok = await claim(t.client(), address, { ...codeOf({ p, issued }), password: goodPassword() });
    expect(ok.status).toBe(201);
  });

  it('lets one of two simultaneous claims of a code win; the other gets the neutral answer', async () => {
    const p = await person();
    const issued = await issueCode(hq, p.id);
    const results = await Promise.all(
      [0, 1].map(() =>
        claim(t.client(), newAddress(), { ...codeOf({ p, issued }), password: goodPassword() }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    const accounts = await t.db.query('SELECT 1 FROM users WHERE resident_id = $1', [p.id]);
    expect(accounts.rows).toHaveLength(1);
  });

  it('gives every household member their own code; a code works only with its own person', async () => {
    const head = await person('1960-05-05');
    const spouse = await person('1962-08-08', head.householdId);
    const child = await person(yearsAgo(12), head.householdId);
    const headCode = await issueCode(hq, head.id);
    const spouseCode = await issueCode(hq, spouse.id);
    const minor = await hq.post('/api/enrolment/codes', { residentId: child.id });
    expect(minor.status).toBe(409);
    expect(minor.body).toMatchObject({ error: { id: 'enrolment_minor' } });

    const crossed = await start(t.client(), newAddress(), {
      code: headCode.code,
      birthDate: spouse.birthDate,
    });
    expect(crossed.body).toEqual(INVALID);
    for (const [member, issued] of [
      [head, headCode],
      [spouse, spouseCode],
    ] as const) {
      const response = await claim(t.client(), newAddress(), {
        code: issued.code,
        birthDate: member.birthDate,
        password: goodPassword(),
      });
      expect(response.body).toMatchObject({ user: { residentId: member.id } });
    }

    // A code that reached a child some other way (issued before a birthday rule changed) is refused too.
    const planted = generateEnrolmentCode();
    await t.db.query(
      `INSERT INTO enrolment_codes (resident_id, code_hash, purpose, expires_at)
       VALUES ($1, $2, 'enrol', now() + interval '1 day')`,
      [child.id, hashEnrolmentCode(normaliseEnrolmentCode(planted)!)],
    );
    expect(
      (await start(t.client(), newAddress(), { code: planted, birthDate: child.birthDate })).body,
    ).toEqual(INVALID);
  });

  it('recovers an account with a new code: old credentials and every session and socket end', async () => {
    const p = await person();
    const first = await issueCode(hq, p.id);
    const oldPassword = goodPassword();
    const enrolled = await claim(t.client(), newAddress(), {
      ...codeOf({ p, issued: first }),
      password: oldPassword,
    });
    const { username } = enrolled.body as { username: string };
    const phone = t.client();
    await phone.login(username, oldPassword);
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: phone.cookieHeader! },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const expired = new Promise<void>((resolve) => socket.once('session:expired', () => resolve()));
    const dropped = droppedBy(socket);

    const recovery = await issueCode(hq, p.id);
    expect(recovery.recovery).toBe(true);
    const newPassword = goodPassword();
    const recovered = await claim(t.client(), newAddress(), {
      ...codeOf({ p, issued: recovery }),
      password: newPassword,
    });
    expect(recovered.status, JSON.stringify(recovered.body)).toBe(201);
    expect(recovered.body).toMatchObject({ recovered: true, username, user: { residentId: p.id } });

    await expired;
    await dropped;
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await t.client().post('/api/auth/login', { username, password: oldPassword })).status).toBe(401);
    const fresh = t.client();
    await fresh.login(username, newPassword);
    const inbox = (await fresh.get('/api/me/inbox')).body as {
      entries: { account: { event: string } | null }[];
    };
    expect(inbox.entries.map((entry) => entry.account?.event)).toEqual(['enrolled', 'recovered']);
    // The used recovery code cannot be replayed.
    expect((await start(t.client(), newAddress(), codeOf({ p, issued: recovery }))).body).toEqual(INVALID);
    socket.disconnect();
  });
});

/** Ends when `socket` is dropped by the server. */
const droppedBy = (socket: Socket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

const codeOf = (made: { p: { birthDate: string }; issued: { code: string } }) => ({
  code: made.issued.code,
  birthDate: made.p.birthDate,
});

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function yearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}

describe('enrolment behind a public address', () => {
  it('points links, QR codes and passkeys at PUBLIC_BASE_URL, not at the address asked', async () => {
    const t = await startTestServer({ PUBLIC_BASE_URL: 'https://bousai.example.jp/' });
    try {
      const hq = await signIn(t, { role: 'hq_operator' });
      const birthDate = randomBirthDate();
      const p = await buildResident(t.db, { municipality: await buildMunicipality(t.db), birthDate });
      const issued = await issueCode(hq, p.id);
      expect(issued.portalUrl).toBe(`https://bousai.example.jp/#/enrol?code=${issued.code}`);
      const started = await start(t.client(), newAddress(), { code: issued.code, birthDate });
      expect(started.body).toMatchObject({ passkeyOptions: { rp: { id: 'bousai.example.jp' } } });
    } finally {
      await t.close();
    }
  });
});
