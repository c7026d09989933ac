/**
 * A claim is told beyond the person's own inbox, after its commit, through the job engine: a first
 * claim to the other members of the household who have an account (an inbox entry naming the
 * person; their e-mail, SMS and push devices), a recovery to the person's own addresses and
 * devices. Sent to the real local SMTP server, SMSC and push service; nothing personal in a body.
 */
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '@contract/contacts/consent.js';
import { EmailSender } from '../server/src/modules/delivery/email-sender.js';
import { SmsSender } from '../server/src/modules/delivery/sms-sender.js';
import {
  CLAIM_NOTICE_QUEUES,
  fanOutJobId,
} from '../server/src/modules/enrolment/claim-notices/claim-notice.jobs.js';
import { PushSender } from '../server/src/modules/push/push-sender.js';
import { testEmail, testMobile } from './support/contacts.js';
import { claim, goodPassword, issueCode, newAddress } from './support/enrolment.js';
import {
  buildMunicipality,
  buildResident,
  buildUser,
  type BuiltMunicipality,
  type BuiltUser,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { jobFinished } from './support/jobs.js';
import { LocalPushService, type LocalSubscription } from './support/push-service.js';
import { signIn } from './support/sessions.js';
import { LocalSmscServer } from './support/smpp-server.js';
import { LocalSmtpServer } from './support/smtp-server.js';
import { testLogger } from './support/test-logger.js';
import { startTestServer, TEST_JOBS_SCHEMA, type TestServer } from './support/test-server.js';

const BASE = 'https://bousai.example.jp';
const PORTAL = `${BASE}/#/resident`;

interface Member {
  residentId: string;
  householdId: string;
  user: BuiltUser | null;
  name: string;
  email?: string;
  msisdn?: string;
  device?: LocalSubscription;
}

describe('claim notices on the other channels', () => {
  let t: TestServer;
  let smtp: LocalSmtpServer;
  let smsc: LocalSmscServer;
  let push: LocalPushService;
  let senders: { email: EmailSender; sms: SmsSender; push: PushSender };
  let municipality: BuiltMunicipality;
  let hq: HttpClient;

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
    smsc = await LocalSmscServer.start();
    const vapid = webpush.generateVAPIDKeys();
    push = await LocalPushService.start({ vapidPublicKey: vapid.publicKey });
    senders = {
      email: new EmailSender({
        smtpUrl: smtp.url,
        from: 'Hinan <noreply@bousai.example.jp>',
        settingsUrl: `${BASE}/#/settings/notifications`,
        logger: testLogger(),
        timeoutMs: 5_000,
      }),
      sms: new SmsSender({
        url: smsc.url,
        sourceAddr: 'Hinan',
        logger: testLogger(),
        timeoutMs: 5_000,
        enquireLinkMs: 30_000,
      }).start(),
      push: new PushSender({
        vapid: { ...vapid, subject: BASE },
        receiptSecret: 'push receipts of this test are never posted back, 32+',
        ttlSeconds: 60,
        timeoutMs: 5_000,
        ca: push.ca,
      }),
    };
    t = await startTestServer({ TRUST_PROXY: '1', PUBLIC_BASE_URL: BASE }, { channelSenders: senders });
    municipality = await buildMunicipality(t.db);
    hq = await signIn(t, { role: 'hq_operator' });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([senders.email.close(), senders.sms.close(), senders.push.close()]);
    await Promise.all([smtp.close(), smsc.close(), push.close()]);
  });

  async function member(
    householdId: string | undefined,
    options: {
      account?: boolean;
      email?: boolean | 'withdrawn';
      sms?: boolean;
      device?: boolean;
      birthDate?: string;
    },
  ): Promise<Member> {
    const person = await buildResident(t.db, { municipality, householdId, birthDate: options.birthDate });
    const { rows } = await t.db.query<{ name: string }>(
      `SELECT family_name || ' ' || given_name AS name FROM residents WHERE id = $1`,
      [person.id],
    );
    const m: Member = {
      residentId: person.id,
      householdId: person.householdId,
      user: null,
      name: rows[0]!.name,
    };
    if (options.account) m.user = await buildUser(t.db, { role: 'resident', residentId: person.id });
    const contact = async (channel: 'email' | 'sms', address: string, withdrawn: boolean) =>
      t.db.query(
        `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version, withdrawn_at)
         VALUES ($1, $2, $3, now(), now(), $4, $5)`,
        [person.id, channel, address, CONSENT_VERSION, withdrawn ? new Date() : null],
      );
    if (options.email) {
      m.email = testEmail();
      await contact('email', m.email, options.email === 'withdrawn');
    }
    if (options.sms) {
      m.msisdn = testMobile().e164;
      await contact('sms', m.msisdn, false);
    }
    if (options.device && m.user) {
      m.device = push.subscribe();
      await t.db.query(
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at)
         VALUES ($1, $2, $3, $4, now() - interval '1 minute')`,
        [m.user.id, m.device.json.endpoint, m.device.json.keys.p256dh, m.device.json.keys.auth],
      );
    }
    return m;
  }

  /** Claims the person's code with a password; resolves to the code's id and the signed-in client. */
  async function claimed(person: Member, birthDate: string): Promise<{ codeId: string; client: HttpClient }> {
    const issued = await issueCode(hq, person.residentId);
    const client = t.client();
    const answer = await claim(client, newAddress(), {
      code: issued.code,
      birthDate,
      password: goodPassword(),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    client.csrfToken = (answer.body as { csrfToken: string }).csrfToken;
    return { codeId: issued.codeId, client };
  }

  /** Waits for the claim's fan-out and every send it queued; resolves to the sends' outcomes. */
  async function noticesDone(codeId: string): Promise<string[]> {
    const fanOut = await jobFinished(t.server.jobs, CLAIM_NOTICE_QUEUES.fanOut, fanOutJobId(codeId));
    const expected = (fanOut.output as { affected: number }).affected;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await t.db.query<{ state: string; outcome: string | null }>(
        `SELECT state, output->>'outcome' AS outcome FROM ${TEST_JOBS_SCHEMA}.job
          WHERE name = $1 AND data->>'codeId' = $2`,
        [CLAIM_NOTICE_QUEUES.send, codeId],
      );
      if (rows.length === expected && rows.every((row) => row.state === 'completed')) {
        return rows.map((row) => row.outcome ?? '').sort();
      }
      if (rows.some((row) => row.state === 'failed' || row.state === 'retry')) {
        throw new Error(`a claim notice send failed: ${JSON.stringify(rows)}`);
      }
      if (Date.now() > deadline) throw new Error(`claim notices not done: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const mailsTo = (address: string) => smtp.mails.items.filter((mail) => mail.envelope.to.includes(address));

  it('tells the household members with an account on every channel they have, without naming anyone', async () => {
    const birthDate = '1972-05-09';
    const person = await member(undefined, { birthDate });
    const household = person.householdId;
    const withAddresses = await member(household, { account: true, email: true, sms: true });
    const withDevice = await member(household, { account: true, email: 'withdrawn', device: true });
    const withoutAccount = await member(household, { email: true });
    const elsewhere = await member(undefined, { account: true, email: true });

    const { codeId, client } = await claimed(person, birthDate);
    const outcomes = await noticesDone(codeId);
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);

    const mail = await smtp.nextMailTo(withAddresses.email!);
    expect(mail.parsed.subject).toBe('世帯の方が住民ポータルに登録しました');
    expect(mail.parsed.text?.trim()).toBe(
      `どなたかはポータルで確かめられます。ご本人でないときは、避難所か市町の窓口に伝えてください。\n\n${PORTAL}`,
    );
    const sms = await smsc.nextSubmitTo(withAddresses.msisdn!);
    expect(sms.dataCoding).toBe(8);
    expect(sms.text).toBe(`世帯の方が住民ポータルに登録しました\n${PORTAL}`);
    const [pushed] = await push.waitForMessages(withDevice.device!.id);
    expect(JSON.parse(pushed!.plaintext)).toMatchObject({
      title: '世帯の方が住民ポータルに登録しました',
      url: PORTAL,
    });
    for (const body of [mail.raw.toString(), sms.text, pushed!.plaintext]) {
      expect(body).not.toContain(person.name.split(' ')[1]!);
      expect(body).not.toContain(birthDate);
    }
    // A withdrawn consent, a member without an account and another household: nothing.
    expect(mailsTo(withDevice.email!)).toEqual([]);
    expect(mailsTo(withoutAccount.email!)).toEqual([]);
    expect(mailsTo(elsewhere.email!)).toEqual([]);

    // Behind sign-in the member reads who it was; the person's log says whom it was told to.
    const reader = await signInAs(withAddresses);
    const inbox = (await reader.get('/api/me/inbox')).body as { entries: { account: unknown }[] };
    expect(inbox.entries.map((entry) => entry.account)).toEqual([
      {
        event: 'household_member_enrolled',
        member: { residentId: person.residentId, displayName: person.name },
      },
    ]);
    const { rows } = await t.db.query('SELECT 1 FROM inbox_items WHERE resident_id = ANY ($1::uuid[])', [
      [withoutAccount.residentId, elsewhere.residentId],
    ]);
    expect(rows).toEqual([]);
    const log = (await client.get('/api/me/access-log')).body as {
      entries: { action: string; viewer: { name: string | null } }[];
    };
    const told = log.entries.filter((entry) => entry.action === 'enrolment_told_household');
    expect(told.map((entry) => entry.viewer.name).sort()).toEqual(
      [withAddresses.name, withDevice.name].sort(),
    );
  });

  it('tells a recovery to the person’s own addresses and earlier devices, not to the household', async () => {
    const birthDate = '1965-11-30';
    const person = await member(undefined, {
      birthDate,
      account: true,
      email: true,
      sms: true,
      device: true,
    });
    const household = person.householdId;
    const relative = await member(household, { account: true, email: true });
    // A device subscribed after the claim (the new one, as the claimant's own) is not "another" one.
    const later = push.subscribe();
    await t.db.query(
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at)
       VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
      [person.user!.id, later.json.endpoint, later.json.keys.p256dh, later.json.keys.auth],
    );

    const { codeId } = await claimed(person, birthDate);
    expect(await noticesDone(codeId)).toEqual(['sent', 'sent', 'sent']);

    const mail = await smtp.nextMailTo(person.email!);
    expect(mail.parsed.subject).toBe('住民ポータルのアカウントが再設定されました');
    expect(mail.parsed.text?.trim()).toBe(
      `心当たりがないときは、避難所か市町の窓口に伝えてください。\n\n${PORTAL}`,
    );
    expect((await smsc.nextSubmitTo(person.msisdn!)).text).toBe(
      `住民ポータルのアカウントが再設定されました\n${PORTAL}`,
    );
    const [pushed] = await push.waitForMessages(person.device!.id);
    expect(JSON.parse(pushed!.plaintext)).toMatchObject({
      title: '住民ポータルのアカウントが再設定されました',
    });
    expect(mailsTo(relative.email!)).toEqual([]);
    expect(push.messagesFor(later.id)).toEqual([]);
  });

  it('marks an address the mail server says does not exist, as escalation does', async () => {
    const birthDate = '1980-02-14';
    const person = await member(undefined, { birthDate });
    const household = person.householdId;
    const bouncing = await member(household, { account: true, email: true });
    smtp.rejectRecipient(bouncing.email!);

    const { codeId } = await claimed(person, birthDate);
    expect(await noticesDone(codeId)).toEqual(['failed']);
    const { rows } = await t.db.query<{ verified: boolean; gone_reason: string | null }>(
      `SELECT verified_at IS NOT NULL AS verified, gone_reason FROM contact_points WHERE resident_id = $1`,
      [bouncing.residentId],
    );
    expect(rows).toEqual([{ verified: false, gone_reason: 'mailbox_unknown' }]);
  });

  it('queues nothing for a claim that does not go through', async () => {
    const person = await member(undefined, { birthDate: '1990-07-01' });
    await member(person.householdId, { account: true, email: true });
    const issued = await issueCode(hq, person.residentId);
    const refused = await claim(t.client(), newAddress(), {
      code: issued.code,
      birthDate: '1990-07-02',
      password: goodPassword(),
    });
    expect(refused.status).toBe(400);
    const job = await t.server.jobs.boss.getJobById(CLAIM_NOTICE_QUEUES.fanOut, fanOutJobId(issued.codeId));
    expect(job).toBeNull();
  });

  async function signInAs(m: Member): Promise<HttpClient> {
    const client = t.client();
    await client.login(m.user!.username, m.user!.password);
    return client;
  }
});
