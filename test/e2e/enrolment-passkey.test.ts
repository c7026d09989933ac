import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evacuationOrder } from '../support/cap-alerts.js';
import {
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomBirthDate,
  type BuiltUser,
} from '../support/factories.js';
import { signIn } from '../support/sessions.js';
import { moveHome, quietPointIn } from './support/data.js';
import { E2e } from './support/harness.js';

/**
 * A resident without an account: HQ warns their area, a member of shelter staff gives them an
 * enrolment code, they claim it on their phone with a passkey (Chromium's virtual authenticator),
 * sign out, sign back in with the passkey alone, and find the warning sent before they joined.
 */
describe('a resident joins at a shelter with a passkey', () => {
  const e2e = new E2e('enrolment');
  let staff: BuiltUser;
  let resident: { id: string; householdId: string; birthDate: string; name: string };
  // WebAuthn refuses IP addresses as a site's identity: everyone uses the server by name.
  const origin = () => e2e.server.url.replace('127.0.0.1', 'localhost');

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const shelter = await buildShelter(db, { municipality: town });
    staff = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelter.id] });
    const birthDate = randomBirthDate();
    const built = await buildResident(db, { municipality: town, birthDate });
    const home = quietPointIn(town);
    await moveHome(db, built, home);
    const { rows } = await db.query<{ name: string }>(
      `SELECT family_name || ' ' || given_name AS name FROM residents WHERE id = $1`,
      [built.id],
    );
    resident = { ...built, birthDate, name: rows[0]!.name };

    // HQ warns the resident's area before they have an account.
    const hq = await signIn(e2e.server, { role: 'hq_operator' });
    const d = 0.0005;
    const { lat, lon } = home;
    const polygon = `${lat - d},${lon - d} ${lat - d},${lon + d} ${lat + d},${lon + d} ${lat + d},${lon - d} ${lat - d},${lon - d}`;
    const sent = await hq.post('/api/alerts', evacuationOrder(polygon));
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ targeted: 1 });
  });

  async function signInWithPassword(page: Page, user: BuiltUser): Promise<void> {
    await page.goto(`${origin()}/`);
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
  }

  async function issueCodeAtShelter(page: Page): Promise<{ code: string; link: string }> {
    await page.getByTestId('nav-enrolment').click();
    await page.getByTestId('person-search-q').fill(resident.name);
    await page.getByTestId('person-search-birthdate').fill(resident.birthDate);
    await page.getByTestId('person-search-submit').click();
    await page
      .locator(`[data-testid="person-result"][data-resident-id="${resident.id}"]`)
      .getByTestId('person-result-select')
      .click();
    await page.locator('[data-testid="enrolment-person"][data-enrolled="false"]').waitFor();
    await page.getByTestId('enrolment-issue').click();
    const code = (await page.getByTestId('enrolment-code').textContent()) ?? '';
    const link = (await page.getByTestId('enrolment-qr').getAttribute('alt')) ?? '';
    return { code, link };
  }

  it('issues a code, claims it with a passkey, signs back in with it and reads the earlier warning', async () => {
    const counter = await e2e.newPage('staff', 'tablet');
    await signInWithPassword(counter, staff);
    const { code, link } = await issueCodeAtShelter(counter);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(link).toBe(`${origin()}/#/enrol?code=${code}`);
    await e2e.snapshot(counter, 'slip');

    // The resident's phone, with a platform authenticator that holds discoverable passkeys.
    const phone = await e2e.newPage('resident', 'phone');
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    // The QR code opens the enrolment page with the code filled in.
    await phone.goto(link);
    expect(await phone.getByTestId('enrol-code').inputValue()).toBe(code);
    await phone.getByTestId('enrol-birthdate').fill(resident.birthDate);
    await phone.getByTestId('enrol-next').click();
    expect(await phone.getByTestId('enrol-welcome').textContent()).toContain(resident.name);
    // A kiosk PIN chosen at the same time: an easily guessed one is refused before any passkey is made.
    await phone.getByTestId('enrol-kiosk-pin').fill('1234');
    await phone.getByTestId('enrol-passkey').click();
    await expect
      .poll(() => phone.getByTestId('enrol-error').getAttribute('data-error-key'))
      .toBe('enrolment.errors.weak_pin');
    await phone.getByTestId('enrol-kiosk-pin').fill('5283');
    await phone.getByTestId('enrol-passkey').click();
    await phone.getByTestId('enrol-done').waitFor();
    const pins = await e2e.server.db.query<{ set: boolean }>(
      'SELECT kiosk_pin_hash IS NOT NULL AS set FROM users WHERE resident_id = $1',
      [resident.id],
    );
    expect(pins.rows).toEqual([{ set: true }]);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    await phone.getByTestId('enrol-continue').click();
    await phone.locator('[data-testid="current-user"][data-role="resident"]').waitFor();

    await phone.getByTestId('logout').click();
    await phone.getByTestId('login-form').waitFor();
    // Signing in needs no username: the browser offers the passkey it holds for this site.
    await phone.getByTestId('login-passkey').click();
    await phone.locator('[data-testid="current-user"][data-role="resident"]').waitFor();

    // The warning HQ sent before the resident joined is in their inbox (catch-up), with the
    // account's own entry after it.
    await phone.locator('[data-testid="inbox"][data-loaded="true"]').waitFor();
    const headlines = phone.locator('[data-testid="inbox-item"] .inbox-item-headline');
    await expect
      .poll(() => headlines.allTextContents())
      .toEqual(expect.arrayContaining(['避難指示 発令', 'アカウントが作成されました']));
    await e2e.snapshot(phone, 'inbox');

    const { rows } = await e2e.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passkeys p JOIN users u ON u.id = p.user_id WHERE u.resident_id = $1 AND p.last_used_at IS NOT NULL`,
      [resident.id],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
