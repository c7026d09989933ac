import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildUser,
  randomCardUid,
  type BuiltUser,
} from '../support/factories.js';
import { E2e } from './support/harness.js';

const PURPOSE = '窓口で申請の代行（カードで確認）';

describe('代理: the counter finds the person by a tap of their card', () => {
  const e2e = new E2e('acting-card');
  let clerk: BuiltUser;
  let resident: BuiltUser;
  let residentId: string;
  let givenName: string;
  const card = randomCardUid();
  const revokedCard = randomCardUid();

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const person = await buildResident(db, { municipality: town, birthDate: '1944-02-03' });
    residentId = person.id;
    givenName = (
      await db.query<{ given_name: string }>('SELECT given_name FROM residents WHERE id = $1', [residentId])
    ).rows[0]!.given_name;
    const tokenFor = (uid: string) => e2e.server.server.checkins.tokenFor(uid);
    await buildCard(db, { residentId, token: tokenFor(card) });
    await buildCard(db, { residentId, token: tokenFor(revokedCard), revoked: true });
    // A clerk at a municipal counter: HQ, no shelter of their own.
    clerk = await buildUser(db, { role: 'hq_operator' });
    resident = await buildUser(db, { role: 'resident', residentId });
  });

  it('selects the card’s holder from a reader’s keystrokes, starts acting, and the person sees the lookup', async () => {
    const page = await e2e.newPage('clerk', 'hq');
    await e2e.login(page, clerk);
    await page.getByTestId('nav-acting').click();
    await page.getByTestId('acting-page').waitFor();
    await page.getByTestId('acting-card-purpose').fill(PURPOSE);

    // A keyboard-wedge reader types into whatever has focus: the card field, focused on arrival.
    const typeTap = async (uid: string) => {
      await page.getByTestId('acting-card-uid').focus();
      await page.keyboard.type(uid.match(/../g)!.join(' '));
      await page.keyboard.press('Enter');
    };

    // A card nobody has, then a revoked card: told apart, nobody selected.
    await typeTap(randomCardUid());
    await expect
      .poll(() => page.getByTestId('acting-card-error').textContent())
      .toContain('このカードはまだ誰にも登録されていません');
    await typeTap(revokedCard);
    await expect
      .poll(() => page.getByTestId('acting-card-error').textContent())
      .toContain('このカードは無効にされています');
    expect(await page.getByTestId('acting-start').count()).toBe(0);

    await typeTap(card);
    await page.locator(`[data-testid="acting-card-found"][data-resident-id="${residentId}"]`).waitFor();
    expect(await page.getByTestId('acting-card-found').textContent()).toContain('1944-02-03');
    expect(await page.getByTestId('acting-card-uid').inputValue()).toBe('');
    await e2e.snapshot(page, 'card-found');
    await page.getByTestId('acting-start').waitFor();
    expect(await page.getByTestId('acting-start').textContent()).toContain(givenName);
    await page.getByTestId('acting-identity-checked').check();
    await page.getByTestId('acting-start-submit').click();
    await page.getByTestId('acting-session').waitFor();
    expect(await page.getByTestId('acting-session').textContent()).toContain(givenName);
    await e2e.snapshot(page, 'acting-by-card');
    await page.getByTestId('acting-end').click();

    const own = await e2e.newPage('resident', 'phone');
    await e2e.login(own, resident);
    await own.getByTestId('portal-tab-accessLog').click();
    const lookup = own.locator('[data-testid="access-log-entry"][data-action="card_lookup"]');
    await lookup.waitFor();
    expect(await lookup.textContent()).toContain(PURPOSE);
    expect(await lookup.textContent()).toContain('窓口でカードをかざして検索');
  });
});
