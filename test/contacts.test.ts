import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '@contract/contacts/consent.js';
import type { ContactPoint, ContactSettings } from '@contract/contacts/contacts.schema.js';
import { contactAddressesOf, markAddressGone } from '../server/src/modules/contacts/contact-addresses.js';
import { CODE_MAX_ATTEMPTS } from '../server/src/modules/contacts/verification-code.js';
import { codeSentTo, testEmail, testMobile } from './support/contacts.js';
import { buildMunicipality, buildResident } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { LocalSmscServer } from './support/smpp-server.js';
import { LocalSmtpServer } from './support/smtp-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Any string, as a typed matcher value (`expect.any` is typed `any`). */
const anyString: unknown = expect.any(String);

describe('contact points: e-mail and mobile verified by code, consent per channel', () => {
  let t: TestServer;
  let smtp: LocalSmtpServer;
  let smsc: LocalSmscServer;

  async function resident(): Promise<{ client: HttpClient; residentId: string }> {
    const { id: residentId } = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    return { client: await signIn(t, { role: 'resident', residentId }), residentId };
  }

  const put = (client: HttpClient, path: string, json: unknown) => client.request('PUT', path, { json });

  /** Sets an address and enters the code that arrived at the local peer. */
  async function verified(client: HttpClient, channel: 'email' | 'sms', typed: string, address: string) {
    const before = channel === 'email' ? smtp.mails.items.length : smsc.submitted.items.length;
    expect((await put(client, `/api/me/contacts/${channel}`, { address: typed })).status).toBe(200);
    const code = await codeSentTo({ smtp, smsc }, channel, address, before);
    const done = await client.post(`/api/me/contacts/${channel}/verify`, { code });
    expect(done).toMatchObject({ status: 200, body: { status: 'verified' } });
  }

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    smsc = await LocalSmscServer.start();
    t = await startTestServer({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Hinan <noreply@bousai.example.jp>',
      SMPP_URL: smsc.url,
      PUBLIC_BASE_URL: 'https://bousai.example.jp',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await smsc.close();
  });

  it('sends a code by e-mail that verifies the address; the message holds the code and the link only', async () => {
    const { client } = await resident();
    const address = testEmail();
    const set = await put(client, '/api/me/contacts/email', {
      address: ` ${address.replace('contacts.example', 'CONTACTS.example')} `,
    });
    expect(set).toMatchObject({
      status: 200,
      body: { channel: 'email', address, status: 'waiting_for_code' },
    });
    const mail = await smtp.nextMailTo(address);
    const code = /確認コード: ([0-9]{6})/.exec(mail.parsed.text ?? '')![1]!;
    expect(mail.parsed.subject).toBe('確認コード / Verification code');
    expect(mail.parsed.text?.trim()).toBe(
      `確認コード: ${code}（15分間有効）。設定画面で入力してください。\n` +
        `Your code: ${code} (valid for 15 minutes). Enter it on the settings page.\n\n` +
        'https://bousai.example.jp/#/settings/notifications',
    );

    const done = await client.post('/api/me/contacts/email/verify', { code });
    expect(done).toMatchObject({ status: 200, body: { status: 'verified', usable: false } });
    const log = (await client.get('/api/me/access-log')).body as { entries: { action: string }[] };
    expect(log.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['contact_point_set', 'contact_point_verified']),
    );
  });

  it('sends a code by SMS to a Japanese mobile number written the domestic way, in UCS2', async () => {
    const { client } = await resident();
    const mobile = testMobile();
    const set = await put(client, '/api/me/contacts/sms', { address: mobile.typed });
    expect(set).toMatchObject({ status: 200, body: { address: mobile.e164, status: 'waiting_for_code' } });
    const sms = await smsc.nextSubmitTo(mobile.e164);
    expect(sms.dataCoding).toBe(8);
    expect(sms.text).toMatch(
      /^確認コード [0-9]{6} 15分有効\nhttps:\/\/bousai\.example\.jp\/#\/settings\/notifications$/,
    );
    const code = /確認コード ([0-9]{6})/.exec(sms.text)![1]!;
    expect(await client.post('/api/me/contacts/sms/verify', { code })).toMatchObject({
      status: 200,
      body: { status: 'verified' },
    });
  });

  it('refuses a wrong code and an expired one with the same answer', async () => {
    const { client, residentId } = await resident();
    const address = testEmail();
    await put(client, '/api/me/contacts/email', { address });
    const code = await codeSentTo({ smtp }, 'email', address);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await client.post('/api/me/contacts/email/verify', { code: wrongCode });
    await t.db.query(
      `UPDATE contact_points SET code_expires_at = now() - interval '1 second' WHERE resident_id = $1`,
      [residentId],
    );
    const expired = await client.post('/api/me/contacts/email/verify', { code });
    expect(wrong).toMatchObject({ status: 400, body: { error: { id: 'contact_code_invalid' } } });
    expect(expired.status).toBe(wrong.status);
    expect(expired.body).toEqual(wrong.body);
    const settings = (await client.get('/api/me/contacts')).body as ContactSettings;
    expect(settings.points[0]).toMatchObject({ status: 'unverified', usable: false });
  });

  it(`needs a new code after ${CODE_MAX_ATTEMPTS} wrong tries, and the new one works`, async () => {
    const { client } = await resident();
    const address = testEmail();
    await put(client, '/api/me/contacts/email', { address });
    const code = await codeSentTo({ smtp }, 'email', address);
    const wrongCode = code === '999999' ? '888888' : '999999';
    for (let i = 0; i < CODE_MAX_ATTEMPTS; i += 1) {
      expect((await client.post('/api/me/contacts/email/verify', { code: wrongCode })).status).toBe(400);
    }
    const right = await client.post('/api/me/contacts/email/verify', { code });
    expect(right).toMatchObject({ status: 400, body: { error: { id: 'contact_code_invalid' } } });

    const before = smtp.mails.items.length;
    expect((await client.post('/api/me/contacts/email/code')).body).toMatchObject({
      status: 'waiting_for_code',
    });
    const fresh = await codeSentTo({ smtp }, 'email', address, before);
    expect(await client.post('/api/me/contacts/email/verify', { code: fresh })).toMatchObject({
      status: 200,
    });
  });

  it('uses an address for warnings only while verified and consented; withdrawing stops it', async () => {
    const { client, residentId } = await resident();
    const address = testEmail();
    const mobile = testMobile();
    await verified(client, 'email', address, address);
    await verified(client, 'sms', mobile.typed, mobile.e164);
    expect(await contactAddressesOf(t.db, 'email', [residentId])).toEqual([]);

    const outdated = await put(client, '/api/me/contacts/email/consent', {
      given: true,
      version: '2020-01-v0',
    });
    expect(outdated).toMatchObject({ status: 409, body: { error: { id: 'consent_version_outdated' } } });
    const given = await put(client, '/api/me/contacts/email/consent', {
      given: true,
      version: CONSENT_VERSION,
    });
    expect(given).toMatchObject({
      status: 200,
      body: { usable: true, consent: { given: true, version: CONSENT_VERSION } },
    });
    expect(await contactAddressesOf(t.db, 'email', [residentId])).toEqual([
      { contactId: anyString, residentId, address: { address } },
    ]);
    // Consent is per channel: the verified number stays unused.
    expect(await contactAddressesOf(t.db, 'sms', [residentId])).toEqual([]);
    await put(client, '/api/me/contacts/sms/consent', { given: true, version: CONSENT_VERSION });
    expect(await contactAddressesOf(t.db, 'sms', [residentId])).toEqual([
      { contactId: anyString, residentId, address: { msisdn: mobile.e164 } },
    ]);

    const withdrawn = await put(client, '/api/me/contacts/email/consent', { given: false });
    expect(withdrawn).toMatchObject({
      status: 200,
      body: { usable: false, consent: { given: false, at: anyString } },
    });
    expect(await contactAddressesOf(t.db, 'email', [residentId])).toEqual([]);
    const log = (await client.get('/api/me/access-log')).body as { entries: { action: string }[] };
    expect(log.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['contact_consent_given', 'contact_consent_withdrawn']),
    );
  });

  it('shows a bounced address to its owner and stops using it', async () => {
    const { client, residentId } = await resident();
    const address = testEmail();
    await verified(client, 'email', address, address);
    await put(client, '/api/me/contacts/email/consent', { given: true, version: CONSENT_VERSION });
    const [usable] = await contactAddressesOf(t.db, 'email', [residentId]);
    expect(await markAddressGone(t.db, usable!.contactId)).toBe(true);
    expect(await contactAddressesOf(t.db, 'email', [residentId])).toEqual([]);
    const settings = (await client.get('/api/me/contacts')).body as ContactSettings;
    expect(settings.points[0]).toMatchObject({
      status: 'gone',
      usable: false,
      gone: { reason: 'mailbox_unknown', at: anyString },
    });
  });

  it('tells the person when the mail server refuses the mailbox, and marks it', async () => {
    const { client } = await resident();
    const address = testEmail();
    smtp.rejectRecipient(address);
    const refused = await put(client, '/api/me/contacts/email', { address });
    expect(refused).toMatchObject({ status: 422, body: { error: { id: 'contact_address_rejected' } } });
    const point = ((await client.get('/api/me/contacts')).body as ContactSettings).points[0] as ContactPoint;
    expect(point).toMatchObject({ status: 'gone', gone: { reason: 'mailbox_unknown' } });
  });

  it('tells the person when the network refuses the number', async () => {
    const { client } = await resident();
    const mobile = testMobile();
    smsc.rejectDestination(mobile.e164);
    const refused = await put(client, '/api/me/contacts/sms', { address: mobile.typed });
    expect(refused).toMatchObject({ status: 422, body: { error: { id: 'contact_address_rejected' } } });
  });

  it('refuses what is not an e-mail address or a mobile number', async () => {
    const { client } = await resident();
    for (const address of ['not-an-address', 'a@b', 'a..b@example.jp', `${'x'.repeat(65)}@example.jp`]) {
      const answer = await put(client, '/api/me/contacts/email', { address });
      expect(answer, address).toMatchObject({
        status: 400,
        body: { error: { id: 'contact_address_invalid' } },
      });
    }
    for (const address of ['03-1234-5678', '090-123', '+0123456789', 'phone']) {
      const answer = await put(client, '/api/me/contacts/sms', { address });
      expect(answer, address).toMatchObject({
        status: 400,
        body: { error: { id: 'contact_address_invalid' } },
      });
    }
  });

  it('limits codes sent to one address, whoever asks', async () => {
    const address = testEmail();
    const answers: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { client } = await resident();
      answers.push((await put(client, '/api/me/contacts/email', { address })).status);
    }
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('limits codes sent for one person, whatever the address', async () => {
    const { client } = await resident();
    const answers: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      answers.push((await put(client, '/api/me/contacts/email', { address: testEmail() })).status);
    }
    expect(answers.slice(0, 10).every((status) => status === 200)).toBe(true);
    expect(answers[10]).toBe(429);
  });

  it('removes an address, in the access log', async () => {
    const { client } = await resident();
    const address = testEmail();
    await put(client, '/api/me/contacts/email', { address });
    expect((await client.request('DELETE', '/api/me/contacts/email')).status).toBe(204);
    expect(((await client.get('/api/me/contacts')).body as ContactSettings).points).toEqual([]);
    expect((await client.request('DELETE', '/api/me/contacts/email')).status).toBe(404);
    const log = (await client.get('/api/me/access-log')).body as { entries: { action: string }[] };
    expect(log.entries.map((e) => e.action)).toContain('contact_point_removed');
  });

  it('lets no one but the resident read or change contact points', async () => {
    for (const role of ['shelter_staff', 'hq_operator', 'admin'] as const) {
      const client = await signIn(t, { role });
      expect((await client.get('/api/me/contacts')).status, role).toBe(403);
      expect((await put(client, '/api/me/contacts/email', { address: testEmail() })).status, role).toBe(403);
    }
    expect((await t.client().get('/api/me/contacts')).status).toBe(401);
  });
});

describe('contact points without SMTP or SMPP configured', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('says the channels are off and refuses addresses for them', async () => {
    const { id: residentId } = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const client = await signIn(t, { role: 'resident', residentId });
    expect((await client.get('/api/me/contacts')).body).toMatchObject({
      channels: { email: false, sms: false },
      consentVersion: CONSENT_VERSION,
      points: [],
    });
    const refused = await client.request('PUT', '/api/me/contacts/sms', {
      json: { address: '090-1234-0000' },
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { id: 'contact_channel_unavailable' } } });
  });
});
