import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildPerson,
  buildShelter,
  buildUser,
  randomBirthDate,
  randomCardUid,
  type BuiltUser,
} from '../support/factories.js';
import { E2e } from './support/harness.js';

describe('shelter console: an unknown card is bound by person search', () => {
  const e2e = new E2e('console-unknown-card');
  let shelterId: string;
  let staffUser: BuiltUser;
  let person: { id: string; birthDate: string };

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    shelterId = (await buildShelter(db, { municipality: town, capacity: 30, status: 'open' })).id;
    staffUser = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelterId] });
    const birthDate = randomBirthDate();
    const built = await buildPerson(db, {
      municipality: town,
      familyName: '輪島',
      givenName: '和子',
      familyNameKana: 'ワジマ',
      givenNameKana: 'カズコ',
      birthDate,
    });
    person = { id: built.id, birthDate };
  });

  it('taps an unknown card, binds it to the person found, and counts them in', async () => {
    const staff = await e2e.newPage('staff', 'tablet');
    await e2e.login(staff, staffUser);
    await staff.locator(`[data-testid="shelter-console"][data-shelter-id="${shelterId}"]`).waitFor();
    await staff.locator('[data-testid="console-occupancy"][data-occupancy="0"]').waitFor();

    await staff.getByTestId('sim-reader-register').click();
    await staff.locator('[data-testid="sim-reader-status"][data-state="connected"]').waitFor();
    const card = randomCardUid();
    await staff.getByTestId('sim-card-uid').fill(card);
    await staff.getByTestId('sim-tap').click();
    await staff.locator('[data-testid="sim-last-result"][data-outcome="unknown_card"]').waitFor();

    // The unknown tap reaches the console's own list live, from the server.
    await staff.getByTestId('unknown-card-bind').click();
    await staff.getByTestId('person-search-q').fill('わじま かずこ');
    await staff.getByTestId('person-search-birthdate').fill(person.birthDate);
    await staff.getByTestId('person-search-purpose').fill('カード登録（受付）');
    await staff.getByTestId('person-search-submit').click();
    await staff
      .locator(`[data-testid="person-result"][data-resident-id="${person.id}"]`)
      .getByTestId('person-result-select')
      .click();
    await expect.poll(() => staff.getByTestId('bind-selected-name').textContent()).toContain('輪島');
    await staff.getByTestId('bind-confirm').click();

    await staff.locator('[data-testid="console-occupancy"][data-occupancy="1"]').waitFor();
    await staff.locator('[data-testid="unknown-cards"][data-count="0"]').waitFor();
    await e2e.snapshot(staff, 'after-binding');

    // The card is now theirs: the next tap on the same card checks them out again.
    await staff.getByTestId('sim-tap').click();
    await staff.locator('[data-testid="sim-last-result"][data-outcome="checked_out"]').waitFor();
    await staff.locator('[data-testid="console-occupancy"][data-occupancy="0"]').waitFor();
  });
});
