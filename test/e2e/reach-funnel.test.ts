import type { Page } from 'playwright-core';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../contract/contacts/consent.js';
import type { InboxAck } from '../../contract/events.js';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import type { Database } from '../../server/src/db/database.js';
import { evacuationOrder } from '../support/cap-alerts.js';
import { testEmail, testMobile } from '../support/contacts.js';
import {
  buildMunicipality,
  buildResident,
  buildUser,
  type BuiltMunicipality,
  type BuiltUser,
} from '../support/factories.js';
import type { HttpClient } from '../support/http-client.js';
import { LocalSmscServer } from '../support/smpp-server.js';
import { LocalSmtpServer } from '../support/smtp-server.js';
import { moveHome, quietPointIn } from './support/data.js';
import { E2e } from './support/harness.js';
import { isSamePageLoad, markPageLoad } from './support/hq.js';

/**
 * SMS and e-mail at once, a visit long after (the test ends before it): what happens in between
 * is only what the people and the providers do.
 */
const ESCALATION_POLICY = JSON.stringify({
  policies: {
    Severe: [
      { afterSeconds: 0, channels: ['sms', 'email'] },
      { afterSeconds: 3600, channels: ['visit'] },
    ],
  },
  retry: { attempts: 1, backoffSeconds: 0.1 },
});

interface Person {
  residentId: string;
  client?: HttpClient;
}

/**
 * HQ watches a warning's reach while it happens, on one page load: five real residents in two
 * municipalities, reached (or not) over a real SMSC and a real SMTP server, the app's socket
 * receipt, and a read and an answer through the portal's API. The funnel, the channels, the
 * failures in words and the municipalities, worst reached first, follow without a reload.
 */
describe("HQ follows a warning's reach live: funnel, channels, failures and municipalities", () => {
  let smtp: LocalSmtpServer;
  let smsc: LocalSmscServer;
  beforeAll(async () => {
    // Receipts seconds after the submit, as SMSCs send them: well after the send's provider id
    // is recorded, which a receipt must find (one that overtakes it matches no row).
    [smtp, smsc] = await Promise.all([
      LocalSmtpServer.start(),
      LocalSmscServer.start({ receiptDelayMs: 3000 }),
    ]);
  });
  const e2e = new E2e('reach-funnel', () => ({
    SMTP_URL: smtp.url,
    SMPP_URL: smsc.url,
    ESCALATION_POLICY,
  }));
  afterAll(async () => {
    await Promise.all([smtp?.close(), smsc?.close()]);
  });

  let db: Database;
  let hqUser: BuiltUser;
  let polygon: string;
  let north: BuiltMunicipality;
  let south: BuiltMunicipality;
  /** E-mail sent; reads and answers in the portal. */
  let reader: Person;
  /** No channel of their own; their open app confirms the warning arrived. */
  let appOnly: Person;

  async function person(
    town: BuiltMunicipality,
    at: { lat: number; lon: number },
    channels: { account?: boolean; sms?: string; email?: string },
  ): Promise<Person> {
    const resident = await buildResident(db, { municipality: town });
    await moveHome(db, resident, at);
    const p: Person = { residentId: resident.id };
    if (channels.account) {
      const user = await buildUser(db, { role: 'resident', residentId: resident.id });
      p.client = e2e.server.client();
      await p.client.login(user.username, user.password);
    }
    for (const channel of ['sms', 'email'] as const) {
      const address = channels[channel];
      if (!address) continue;
      await db.query(
        `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version)
         VALUES ($1, $2, $3, now(), now(), $4)`,
        [resident.id, channel, address, CONSENT_VERSION],
      );
    }
    return p;
  }

  beforeAll(async () => {
    db = e2e.server.db;
    [north, south] = [await buildMunicipality(db), await buildMunicipality(db)];
    // Everyone lives within a few metres of one spot; each keeps their own home municipality.
    const spot = quietPointIn(north);
    const near = (i: number) => ({ lat: spot.lat + i * 0.00002, lon: spot.lon });
    const d = 0.0004;
    polygon = formatCapPolygon([
      [spot.lon - d, spot.lat - d],
      [spot.lon + d, spot.lat - d],
      [spot.lon + d, spot.lat + d],
      [spot.lon - d, spot.lat + d],
    ]);
    const invalidNumber = testMobile().e164;
    const unknownMailbox = testEmail();
    smsc.rejectDestination(invalidNumber);
    smtp.rejectRecipient(unknownMailbox);
    // North: one reached by SMS (the SMSC's receipt), one by e-mail who reads and answers.
    await person(north, near(0), { account: true, sms: testMobile().e164 });
    reader = await person(north, near(1), { account: true, email: testEmail() });
    // South: an invalid number, an app without any other channel, a mailbox that does not exist.
    await person(south, near(2), { sms: invalidNumber });
    appOnly = await person(south, near(3), { account: true });
    await person(south, near(4), { email: unknownMailbox });
    hqUser = await buildUser(db, { role: 'hq_operator' });
  });

  async function waitForStage(page: Page, stage: string, value: number): Promise<void> {
    await page.locator(`[data-testid="reach-stage"][data-stage="${stage}"][data-count="${value}"]`).waitFor();
  }

  it('shows each change without a reload, and never fetches per push', async () => {
    const hq = await e2e.newPage('hq', 'hq');
    const reachFetches: number[] = [];
    hq.on('request', (request) => {
      if (/\/api\/alerts\/[^/]+\/reach$/.test(new URL(request.url()).pathname)) reachFetches.push(Date.now());
    });
    await e2e.login(hq, hqUser);
    await hq.getByTestId('reach-panel').waitFor();
    await markPageLoad(hq);

    const sender = e2e.server.client();
    await sender.login(hqUser.username, hqUser.password);
    const issued = await sender.post('/api/alerts', evacuationOrder(polygon));
    expect(issued).toMatchObject({ status: 201, body: { targeted: 5 } });
    const alertId = (issued.body as { alert: { id: string } }).alert.id;
    const issuedAt = Date.now();

    // Other warnings may be active too: choose this one.
    await hq.locator(`[data-testid="reach-alert"] option[value="${alertId}"]`).waitFor({ state: 'attached' });
    await hq.getByTestId('reach-alert').selectOption(alertId);
    const panel = hq.locator(`[data-testid="reach-panel"][data-alert-id="${alertId}"]`);
    await panel.waitFor();
    await waitForStage(hq, 'targeted', 5);

    // The providers answer: one SMS delivered (receipt), one refused; one e-mail sent, one refused.
    const channel = (name: string) => panel.locator(`[data-testid="reach-channel"][data-channel="${name}"]`);
    await channel('sms').locator('[data-status="delivered"][data-value="1"]').waitFor();
    await channel('sms').locator('[data-status="failed"][data-value="1"]').waitFor();
    await channel('email').locator('[data-status="sent"][data-value="1"]').waitFor();
    await channel('email').locator('[data-status="failed"][data-value="1"]').waitFor();
    await waitForStage(hq, 'reached', 1);

    // Failures in words, each with its stable id.
    const failure = (errorId: string) =>
      panel.locator(`[data-testid="reach-failure"][data-error-id="${errorId}"][data-failed="1"]`);
    await failure('sms_number_invalid').waitFor();
    await failure('email_mailbox_unknown').waitFor();
    expect(await failure('sms_number_invalid').locator('th').innerText()).toContain('電話番号が無効です');
    expect(await failure('email_mailbox_unknown').locator('th').innerText()).toContain(
      'メールアドレスが存在しません',
    );
    expect(await failure('sms_number_invalid').getAttribute('data-channel')).toBe('sms');
    // Nothing else can reach those two, nor the person without a channel: handed to visits at once.
    await channel('visit').locator('[data-status="sent"][data-value="3"]').waitFor();

    // The person without a channel has the app open: its socket confirms the warning arrived.
    const socket = connect(e2e.server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: appOnly.client!.cookieHeader! },
      reconnection: false,
    });
    try {
      const ack = await new Promise<InboxAck>((resolve) =>
        socket.emit('inbox:delivered', { alertId }, resolve),
      );
      expect(ack).toEqual({ ok: true });
    } finally {
      socket.close();
    }
    await channel('app').locator('[data-status="delivered"][data-value="1"]').waitFor();
    await waitForStage(hq, 'reached', 2);

    // The e-mail's reader opens the warning in the portal, then answers "safe".
    const inbox = await reader.client!.get('/api/me/inbox?after=0');
    const entry = (inbox.body as { entries: { position: number; alertId: string | null }[] }).entries.find(
      (e) => e.alertId === alertId,
    )!;
    expect((await reader.client!.post(`/api/me/inbox/${entry.position}/read`)).status).toBe(200);
    await waitForStage(hq, 'read', 1);
    await waitForStage(hq, 'reached', 3);
    await channel('email').locator('[data-status="read"][data-value="1"]').waitFor();
    expect(
      (await reader.client!.post(`/api/me/inbox/${entry.position}/respond`, { response: 'safe' })).status,
    ).toBe(200);
    await waitForStage(hq, 'responded', 1);
    await channel('email').locator('[data-status="responded"][data-value="1"]').waitFor();

    // Shares of the targeted, in text.
    const share = (stage: string) =>
      panel.locator(`[data-testid="reach-stage"][data-stage="${stage}"] .reach-share-value`).innerText();
    expect(await share('reached')).toBe('60%');
    expect(await share('responded')).toBe('20%');

    // By municipality, worst reached first: the south (1 of 3), then the north (2 of 2).
    const areas = panel.getByTestId('reach-area');
    await panel
      .locator(`[data-testid="reach-area"][data-code="${south.code}"][data-reached="1"][data-targeted="3"]`)
      .waitFor();
    await panel.locator(`[data-testid="reach-area"][data-code="${north.code}"][data-reached="2"]`).waitFor();
    expect(await areas.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code')))).toEqual([
      south.code,
      north.code,
    ]);
    const southRow = panel.locator(`[data-testid="reach-area"][data-code="${south.code}"]`);
    expect(await southRow.locator('td').nth(1).innerText()).toBe('2');
    // Sorted the other way by a heading press, and screen readers are told.
    await panel.getByTestId('reach-sort-reached').click();
    expect(await areas.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code')))).toEqual([
      north.code,
      south.code,
    ]);
    expect(await panel.locator('th[aria-sort="descending"]').getByTestId('reach-sort-reached').count()).toBe(
      1,
    );
    await panel.getByTestId('reach-funnel').scrollIntoViewIfNeeded();
    await e2e.snapshot(hq, 'hq-reach');

    // Every number came in live: the page was never reloaded, and the funnel was fetched at most
    // once per two seconds (plus the first fetch and one for choosing the warning), not per push.
    expect(await isSamePageLoad(hq)).toBe(true);
    const seconds = (Date.now() - issuedAt) / 1000;
    expect(reachFetches.length).toBeLessThanOrEqual(Math.ceil(seconds / 2) + 3);
    process.stdout.write(
      `[e2e] reach: ${reachFetches.length} fetches of the reach in ${seconds.toFixed(1)} s of live updates\n`,
    );

    // What the panel shows is what the route answers.
    const reach = await sender.get(`/api/alerts/${alertId}/reach`);
    expect(reach.body).toMatchObject({
      funnel: { targeted: 5, reached: 3, read: 1, responded: 1 },
      inApp: { delivered: 2 },
    });
  });
});
