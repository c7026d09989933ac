import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEmail } from '../support/contacts.js';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import { LocalSmtpServer } from '../support/smtp-server.js';
import { E2e } from './support/harness.js';

describe('a resident confirms an e-mail address for warnings with the code it received', () => {
  let smtp: LocalSmtpServer;
  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
  });
  const e2e = new E2e('notification-settings', () => ({ SMTP_URL: smtp.url }));
  let user: BuiltUser;

  beforeAll(async () => {
    const db = e2e.server.db;
    const resident = await buildResident(db, { municipality: await buildMunicipality(db) });
    user = await buildUser(db, { role: 'resident', residentId: resident.id });
  });
  afterAll(() => smtp.close());

  it('enters the address, types the code from the mail, agrees, and the address is in use', async () => {
    const page = await e2e.newPage('phone', 'phone');
    await e2e.login(page, user);
    await page.getByTestId('nav-account').click();
    await page.getByTestId('notification-settings-link').click();
    await page.getByTestId('notification-settings').waitFor();
    // SMS is not configured on this server: the page says so instead of offering it.
    await page.getByTestId('contact-sms-off').waitFor();

    const address = testEmail();
    await page.getByTestId('contact-email-input').fill(address);
    await page.getByTestId('contact-email-send').click();
    await expect
      .poll(() => page.getByTestId('contact-email-status').getAttribute('data-status'))
      .toBe('waiting_for_code');

    const mail = await smtp.nextMailTo(address);
    const code = /確認コード: ([0-9]{6})/.exec(mail.parsed.text ?? '')![1]!;
    // A wrong code first: refused, with the words for it.
    await page.getByTestId('contact-email-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('contact-email-verify').click();
    await page.getByText(/コードが違うか|The code is wrong/).waitFor();

    await page.getByTestId('contact-email-code').fill(code);
    await page.getByTestId('contact-email-verify').click();
    await expect
      .poll(() => page.getByTestId('contact-email-status').getAttribute('data-status'))
      .toBe('verified');
    expect(await page.getByTestId('contact-email-usable').getAttribute('data-usable')).toBe('false');

    // The box follows the server's answer (consent is recorded first), so click and wait for it.
    await page.getByTestId('contact-email-consent').click();
    await expect
      .poll(() => page.getByTestId('contact-email-usable').getAttribute('data-usable'))
      .toBe('true');
    await e2e.snapshot(page, 'email-verified');

    // What the page shows is what the server holds, after a reload too.
    await page.reload();
    await expect
      .poll(() => page.getByTestId('contact-email-status').getAttribute('data-status'))
      .toBe('verified');
    expect(await page.getByTestId('contact-email-address').textContent()).toBe(address);
  });
});
