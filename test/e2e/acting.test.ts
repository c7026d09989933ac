import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDesignation,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  checkInAt,
  type BuiltUser,
} from '../support/factories.js';
import { E2e } from './support/harness.js';

const REASON = '窓口で罹災証明書の申請を代行（本人の依頼）';

describe('a counter clerk submits an application for a resident, who then sees it in their access log', () => {
  const e2e = new E2e('acting');
  let clerk: BuiltUser;
  let resident: BuiltUser;
  let residentId: string;
  let givenName: string;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const shelter = await buildShelter(db, { municipality: town });
    const person = await buildResident(db, { municipality: town, birthDate: '1951-06-15' });
    residentId = person.id;
    await checkInAt(db, shelter.id, [residentId]);
    givenName = (
      await db.query<{ given_name: string }>('SELECT given_name FROM residents WHERE id = $1', [residentId])
    ).rows[0]!.given_name;
    clerk = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelter.id] });
    await db.query(`UPDATE users SET display_name = '窓口 花子' WHERE username = $1`, [clerk.username]);
    resident = await buildUser(db, { role: 'resident', residentId });
  });

  it('finds the person, records consent and reason, fills the form, marks the paper photos received, submits and ends', async () => {
    const page = await e2e.newPage('clerk', 'hq');
    await e2e.login(page, clerk);
    await page.getByTestId('nav-acting').click();
    await page.getByTestId('acting-page').waitFor();

    // Find the person as the enrolment counter does: name and the birth date they tell.
    await page.getByTestId('person-search-q').fill(`試験 ${givenName}`);
    await page.getByTestId('person-search-birthdate').fill('1951-06-15');
    await page.getByTestId('person-search-submit').click();
    await page.locator(`[data-testid="person-result"][data-resident-id="${residentId}"]`).waitFor();
    await page
      .locator(`[data-testid="person-result"][data-resident-id="${residentId}"]`)
      .getByTestId('person-result-select')
      .click();

    // Consent and reason; nothing starts before the clerk confirms who the person is.
    await page.getByTestId('acting-start').waitFor();
    await page.getByTestId('acting-consent-written').check();
    await page.getByTestId('acting-reason').fill(REASON);
    expect(await page.getByTestId('acting-start-submit').isDisabled()).toBe(true);
    await page.getByTestId('acting-identity-checked').check();
    await page.getByTestId('acting-start-submit').click();
    await page.getByTestId('acting-session').waitFor();
    expect(await page.getByTestId('acting-session').textContent()).toContain(givenName);

    // The application form for that person, pre-filled from their registry entry.
    await page.getByTestId('relief-start-damage_certificate').click();
    await page.getByTestId('relief-application').waitFor();
    await expect
      .poll(() => page.getByTestId('relief-field-applicantName').textContent())
      .toContain(givenName);
    await page.getByTestId('relief-field-disasterDate').fill('2024-01-01');
    await page.getByTestId('relief-field-buildingType').selectOption('detached');
    await page.getByTestId('relief-field-ownership').selectOption('owner');
    await page.getByTestId('relief-field-damageDescription').fill('家屋が傾いています');
    await page.getByTestId('relief-field-purpose').selectOption('support_grant');
    await page.getByTestId('relief-field-copies').fill('1');
    // The person brought printed photos: no upload from the counter, the paper original counts.
    expect(await page.getByTestId('relief-upload-damagePhotos').count()).toBe(0);
    await page.getByTestId('relief-paper-damagePhotos').click();
    await page.getByTestId('relief-paper-original').waitFor();
    await page.getByTestId('relief-submit').click();
    await page.locator('[data-testid="relief-application"][data-state="submitted"]').waitFor();
    await page
      .locator('[data-testid="relief-timeline"] li[data-state="submitted"][data-on-behalf="staff"]')
      .waitFor();
    await e2e.snapshot(page, 'clerk-submitted');

    await page.getByTestId('acting-end').click();
    await page.getByTestId('acting-notice').waitFor();
    expect(await page.getByTestId('acting-session').count()).toBe(0);

    // The resident signs in and reads who acted for them, for what, and why.
    const own = await e2e.newPage('resident', 'phone');
    await e2e.login(own, resident);
    await own.getByTestId('portal-tab-accessLog').click();
    const submitted = own.locator(
      '[data-testid="access-log-entry"][data-action="acting_application_submitted"][data-on-behalf="true"]',
    );
    await submitted.waitFor();
    const line = await submitted.getByTestId('access-log-on-behalf').textContent();
    expect(line).toContain('窓口 花子さん（職員）があなたに代わって申請を提出');
    expect(line).toContain(REASON);
    for (const action of ['acting_started', 'acting_paper_received', 'acting_ended']) {
      expect(await own.locator(`[data-testid="access-log-entry"][data-action="${action}"]`).count()).toBe(1);
    }
    await e2e.snapshot(own, 'resident-access-log');

    // And the application is theirs, submitted.
    await own.getByTestId('portal-tab-applications').click();
    await own.locator('[data-testid="relief-open"][data-state="submitted"]').waitFor();
  });

  it('a person lets their designee act for them; the designee applies for them and it shows in the person’s log', async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const subject = await buildResident(db, { municipality: town });
    const subjectUser = await buildUser(db, { role: 'resident', residentId: subject.id });
    const helper = await buildResident(db, { municipality: town });
    const helperUser = await buildUser(db, { role: 'resident', residentId: helper.id });
    await buildDesignation(db, { subjectId: subject.id, designeeId: helper.id });

    const own = await e2e.newPage('subject', 'phone');
    await e2e.login(own, subjectUser);
    await own.getByTestId('portal-tab-privacy').click();
    await own.getByTestId('designee-act-for-me').check();
    await expect.poll(() => own.getByTestId('designee-act-for-me').isChecked()).toBe(true);

    const page = await e2e.newPage('designee', 'phone');
    await e2e.login(page, helperUser);
    await page.getByTestId('portal-tab-applications').click();
    await page.getByTestId('acting-for-person').click();
    await page.getByTestId('acting-for-notices').waitFor();
    const theirs = page.getByTestId('acting-for-applications');
    await theirs.getByTestId('relief-start-tax_relief').click();
    await theirs.getByTestId('relief-application').waitFor();
    await theirs.getByTestId('relief-field-taxKind').selectOption('resident_tax');
    await theirs.getByTestId('relief-field-request').selectOption('reduction');
    await theirs.getByTestId('relief-submit').click();
    await theirs.locator('[data-testid="relief-application"][data-state="submitted"]').waitFor();

    await own.getByTestId('portal-tab-accessLog').click();
    const submitted = own.locator(
      '[data-testid="access-log-entry"][data-action="acting_application_submitted"]',
    );
    await submitted.waitFor();
    expect(await submitted.getByTestId('access-log-on-behalf').textContent()).toContain(
      'あなたに代わって申請を提出',
    );
    expect(await submitted.getAttribute('data-viewer-role')).toBe('resident');
  });
});
