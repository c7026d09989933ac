import { beforeAll, describe, expect, it } from 'vitest';
import { insertAccountEntry } from '../../server/src/modules/enrolment/enrolment.queries.js';
import { lockInboxWriters } from '../../server/src/modules/inbox/inbox-writers.js';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomCardUid,
  type BuiltUser,
} from '../support/factories.js';
import { E2e } from './support/harness.js';

describe('the kiosk at a shelter: card + PIN, the resident portal, sign-out leaves nothing', () => {
  const e2e = new E2e('kiosk');
  let shelterId: string;
  let staffUser: BuiltUser;
  let residentUser: BuiltUser;
  let relativeName: string;
  let ownName: string;
  const cardUid = randomCardUid();
  const pin = '4719';

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    shelterId = (await buildShelter(db, { municipality: town, capacity: 30, status: 'open' })).id;
    staffUser = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelterId] });
    const resident = await buildResident(db, { municipality: town });
    const relative = await buildResident(db, { municipality: town, householdId: resident.householdId });
    await buildCard(db, { residentId: resident.id, token: e2e.server.server.checkins.tokenFor(cardUid) });
    residentUser = await buildUser(db, { role: 'resident', residentId: resident.id });
    const names = await db.query<{ id: string; given_name: string }>(
      'SELECT id, given_name FROM residents WHERE id = ANY($1::uuid[])',
      [[resident.id, relative.id]],
    );
    ownName = names.rows.find((row) => row.id === resident.id)!.given_name;
    relativeName = names.rows.find((row) => row.id === relative.id)!.given_name;
    // Something in the inbox: the note of the account's creation.
    await db.transaction(async (tx) => {
      await lockInboxWriters(tx);
      await insertAccountEntry(tx, resident.id, 'enrolled');
    });
  });

  it('staff register a kiosk; a resident signs in there with card + PIN, sees inbox and family, signs out', async () => {
    // The resident sets their kiosk PIN on the account page, on their own phone.
    const phone = await e2e.newPage('phone', 'phone');
    await e2e.login(phone, residentUser);
    await phone.getByTestId('nav-account').click();
    await phone.getByTestId('kiosk-pin-new').fill(pin);
    await phone.getByTestId('kiosk-pin-save').click();
    await expect.poll(() => phone.getByTestId('kiosk-pin-status').textContent()).toContain('設定済み');

    // Staff register the shelter's PC as a kiosk and start kiosk mode on it.
    const pc = await e2e.newPage('kiosk-pc', 'tablet');
    await e2e.login(pc, staffUser);
    await pc.locator(`[data-testid="shelter-console"][data-shelter-id="${shelterId}"]`).waitFor();
    await pc.getByTestId('console-tab-readers').click();
    await pc.getByTestId('kiosk-register-name').fill('ロビーPC');
    await pc.getByTestId('kiosk-register-submit').click();
    await pc.getByTestId('kiosk-device-key-shown').waitFor();
    await pc.getByTestId('kiosk-open-here').click();
    await expect.poll(() => pc.getByTestId('kiosk-where').textContent()).toContain('ロビーPC');

    // A wrong PIN first: the same answer an unknown card gets.
    await pc.getByTestId('kiosk-card-uid').fill(cardUid);
    await pc.getByTestId('kiosk-card-uid').press('Enter');
    await pc.getByTestId('kiosk-pin').fill('9999');
    await pc.getByTestId('kiosk-submit').click();
    await expect.poll(() => pc.getByTestId('kiosk-error').textContent()).toContain('一致しません');

    // The card (as a keyboard-wedge reader types it) and the right PIN.
    await pc.getByTestId('kiosk-card-uid').fill(cardUid);
    await pc.getByTestId('kiosk-card-uid').press('Enter');
    await pc.getByTestId('kiosk-pin').fill(pin);
    await pc.getByTestId('kiosk-submit').click();
    await pc.getByTestId('kiosk-resident').waitFor();
    await pc.getByTestId('inbox-list').locator('li').first().waitFor();
    await pc.getByTestId('portal-tab-family').click();
    await expect.poll(() => pc.getByTestId('family-list').textContent()).toContain(relativeName);
    await e2e.snapshot(pc, 'kiosk-signed-in');

    await pc.getByTestId('kiosk-sign-out').click();
    await pc.getByTestId('kiosk-signed-out').waitFor();
    await pc.getByTestId('kiosk-sign-in').waitFor();
    // Nothing of the resident is left: not in the page, not in storage, no session cookie.
    const html = await pc.content();
    expect(html).not.toContain(relativeName);
    expect(html).not.toContain(ownName);
    expect(await pc.getByTestId('resident-portal').count()).toBe(0);
    const stored = await pc.evaluate(() => ({
      local: Object.keys(window.localStorage),
      session: window.sessionStorage.length,
    }));
    expect(
      stored.local.filter(
        (key) => !['hinan.kiosk.deviceKey', 'hinan.language', 'hinan.largeText'].includes(key),
      ),
    ).toEqual([]);
    expect(stored.session).toBe(0);
    expect((await pc.context().cookies()).filter((cookie) => cookie.name === 'sid')).toEqual([]);
    // This shelter's kiosks only: other test files share the database and its sessions.
    const { rows } = await e2e.server.db.query(
      'SELECT 1 FROM sessions s JOIN kiosks k ON k.id = s.kiosk_id WHERE k.shelter_id = $1',
      [shelterId],
    );
    expect(rows).toEqual([]);
    await e2e.snapshot(pc, 'kiosk-signed-out');
  });
});
