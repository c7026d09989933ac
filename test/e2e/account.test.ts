import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import { E2e } from './support/harness.js';

describe('a person changes their password and signs out everywhere', () => {
  const e2e = new E2e('account');
  let user: BuiltUser;
  const newPassword = 'kanazawa rain on the tiles';

  beforeAll(async () => {
    const db = e2e.server.db;
    const resident = await buildResident(db, { municipality: await buildMunicipality(db) });
    user = await buildUser(db, { role: 'resident', residentId: resident.id });
  });

  async function openAccount(page: Page): Promise<void> {
    await page.getByTestId('nav-account').click();
    await page.getByTestId('password-form').waitFor();
  }

  async function changePassword(page: Page, current: string, next: string): Promise<void> {
    await page.getByTestId('password-current').fill(current);
    await page.getByTestId('password-new').fill(next);
    await page.getByTestId('password-repeat').fill(next);
    await page.getByTestId('password-submit').click();
  }

  it("refuses weak passwords with the server's reasons, then ends the other device's session live", async () => {
    const phone = await e2e.newPage('phone', 'phone');
    const laptop = await e2e.newPage('laptop', 'tablet');
    await e2e.login(phone, user);
    await e2e.login(laptop, user);
    // The laptop sits on the resident portal with its live connection open.
    await laptop.getByTestId('current-user').waitFor();

    await openAccount(phone);
    await changePassword(phone, user.password, 'short');
    await expect
      .poll(() => phone.getByTestId('password-error').getAttribute('data-error-key'))
      .toBe('account.problems.too_short');
    // Long enough for the page, refused by the server: among the first passwords anyone tries.
    await changePassword(phone, user.password, 'password1234');
    await expect
      .poll(() => phone.getByTestId('password-error').getAttribute('data-error-key'))
      .toBe('account.problems.too_common');
    await changePassword(phone, 'not the password at all', newPassword);
    await expect
      .poll(() => phone.getByTestId('password-error').getAttribute('data-error-key'))
      .toBe('account.errors.wrong_password');

    await changePassword(phone, user.password, newPassword);
    await expect.poll(() => phone.getByTestId('password-changed').getAttribute('data-ended')).toBe('1');
    // The laptop's session ended: it shows the sign-in page by itself, without a reload.
    await laptop.getByTestId('login-form').waitFor({ timeout: 10_000 });
    // The phone's own session lives on.
    expect(await phone.getByTestId('current-user').count()).toBe(1);
    await e2e.snapshot(phone, 'password-changed');

    const oldLogin = await e2e.server.client().post('/api/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(oldLogin.status).toBe(401);
  });

  it('signs out on every device, this one included', async () => {
    const signedIn = { ...user, password: newPassword };
    const phone = await e2e.newPage('phone-2', 'phone');
    const tablet = await e2e.newPage('tablet', 'tablet');
    await e2e.login(phone, signedIn);
    await e2e.login(tablet, signedIn);

    await openAccount(phone);
    await phone.getByTestId('logout-everywhere').click();
    await phone.getByTestId('logout-everywhere-confirm').click();
    await phone.getByTestId('login-form').waitFor();
    await tablet.getByTestId('login-form').waitFor({ timeout: 10_000 });

    const { rows } = await e2e.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1',
      [user.id],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
