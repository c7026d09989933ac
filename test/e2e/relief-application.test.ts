import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../server/src/db/database.js';
import { buildResident, buildUser, type BuiltMunicipality, type BuiltUser } from '../support/factories.js';
import type { HttpClient } from '../support/http-client.js';
import { E2e } from './support/harness.js';
import { isSamePageLoad, markPageLoad } from './support/hq.js';

/** A small well-formed JPEG, as a phone camera would hand it over. */
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\u0000\u0001\u0001\u0000\u0000\u0001\u0000\u0001\u0000\u0000', 'latin1'),
  Buffer.alloc(4000, 0x22),
  Buffer.from([0xff, 0xd9]),
]);

const NANAO = '17202';

/**
 * Nanao as the registry knows it (the migrations do not load the region): the real code, a box
 * around the city, so homes put in its box are homes in Nanao.
 */
async function nanao(db: Queryable): Promise<BuiltMunicipality> {
  await db.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     VALUES ($1, '七尾市', '石川県', 48000, ST_Multi(ST_MakeEnvelope(136.80, 36.95, 137.10, 37.20, 4326)))
     ON CONFLICT (code) DO NOTHING`,
    [NANAO],
  );
  const { rows } = await db.query<{ bbox: [number, number, number, number] }>(
    `SELECT ARRAY[ST_XMin(boundary), ST_YMin(boundary), ST_XMax(boundary), ST_YMax(boundary)]::float8[] AS bbox
       FROM municipalities WHERE code = $1`,
    [NANAO],
  );
  return { code: NANAO, bbox: rows[0]!.bbox };
}

/** The inbox as a resident's own client gets it, flattened to text for a containment check. */
async function inboxText(client: HttpClient): Promise<string> {
  const { status, body } = await client.get('/api/me/inbox');
  expect(status, JSON.stringify(body)).toBe(200);
  return JSON.stringify(body);
}

describe('a resident evacuated outside Nanao gets a targeted notice, applies for a damage certificate and downloads it', () => {
  const e2e = new E2e('relief-application');
  /** Home Nanao, will say in the portal that they live in Tokyo now. */
  let resident: BuiltUser;
  let residentApi: HttpClient;
  /** Home Nanao, at home, consented: must not get the notice. */
  let atHomeApi: HttpClient;
  let hq: BuiltUser;
  let reviewer: HttpClient;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await nanao(db);
    const evacuee = await buildResident(db, { municipality: town });
    resident = await buildUser(db, { role: 'resident', residentId: evacuee.id });
    residentApi = e2e.server.client();
    await residentApi.login(resident.username, resident.password);
    const stayer = await buildResident(db, { municipality: town });
    const stayerUser = await buildUser(db, { role: 'resident', residentId: stayer.id });
    atHomeApi = e2e.server.client();
    await atHomeApi.login(stayerUser.username, stayerUser.password);
    const { status, body } = await atHomeApi.request('PUT', '/api/me/notice-settings', {
      json: { noticeConsent: true, livesNow: null },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    hq = await buildUser(db, { role: 'hq_operator' });
    reviewer = e2e.server.client();
    await reviewer.login(hq.username, hq.password);
  });

  const decide = async (id: string, body: Record<string, unknown>) => {
    const { status, body: reply } = await reviewer.post(`/api/relief/applications/${id}/decision`, body);
    expect(status, JSON.stringify(reply)).toBe(200);
  };

  it('gets the notice live (the resident at home does not), applies with a photo, gets a correction request live, resubmits, is approved and downloads the PDF', async () => {
    const targeting = { municipalityCodes: [NANAO], whereabouts: ['evacuated_outside'] };
    // People an earlier run left in this database count too; this run adds exactly one.
    const before = await reviewer.post('/api/notices/preview', { targeting });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const expected = (before.body as { total: number }).total + 1;

    // The resident says, in the portal, that they want notices and live in Tokyo now.
    const page = await e2e.newPage('resident', 'phone');
    await e2e.login(page, resident);
    await page.getByTestId('portal-tab-inbox').click();
    await page.getByTestId('notice-settings').waitFor();
    await page.getByTestId('notice-consent').check();
    await page.getByTestId('notice-lives-outside').check();
    await page.getByTestId('notice-lives-outside-code').fill('13104');
    await page.getByTestId('notice-lives-outside-name').fill('新宿区');
    await page.getByTestId('notice-lives-address').fill('東京都新宿区内の親類宅');
    await page.getByTestId('notice-settings-save').click();
    await page.getByTestId('notice-outside').waitFor();
    await page.locator('[data-testid="inbox"][data-live="true"]').waitFor();
    await markPageLoad(page);

    // HQ composes the notice in the Notices page, sees how many it reaches, sends it.
    const title = `県外・市外避難者の皆様へ 支援制度のご案内 ${Date.now()}`;
    const hqPage = await e2e.newPage('hq', 'hq');
    await e2e.login(hqPage, hq);
    await hqPage.getByTestId('nav-notices').click();
    const compose = hqPage.getByTestId('notice-compose');
    await compose.waitFor();
    await hqPage.getByTestId('notice-title-ja').fill(title);
    await hqPage
      .getByTestId('notice-body-ja')
      .fill('七尾市の外に避難されている方は、罹災証明書をこのサイトから申請できます。');
    await compose.locator('summary', { hasText: '住所地の市町' }).first().click();
    await hqPage.getByTestId(`notice-municipality-${NANAO}`).check();
    await hqPage.getByTestId('notice-whereabouts-evacuated_outside').check();
    await expect
      .poll(() => hqPage.getByTestId('notice-preview').textContent(), { timeout: 30_000 })
      .toContain(`${expected} 人に届きます`);
    await e2e.snapshot(hqPage, 'notice-preview');
    hqPage.once('dialog', (dialog) => void dialog.accept());
    await hqPage.getByTestId('notice-send').click();
    await hqPage.getByTestId('notice-sent').waitFor();
    expect(await hqPage.getByTestId('notice-sent').textContent()).toContain(`${expected} 人`);

    // Live in the evacuee's inbox, without a reload.
    const arrived = page.locator('[data-testid="inbox-item"]', { hasText: title });
    await arrived.first().waitFor({ timeout: 30_000 });
    expect(await isSamePageLoad(page)).toBe(true);
    await e2e.snapshot(page, 'notice-in-inbox');
    await arrived.first().getByTestId('inbox-open').click();
    await page.getByTestId('inbox-notice').waitFor();
    expect(await page.getByTestId('inbox-notice').textContent()).toContain('罹災証明書をこのサイトから申請');
    await page.getByTestId('inbox-back').click();

    // The resident at home in Nanao, consenting, is not targeted; the same check sees A's copy.
    expect(await inboxText(residentApi)).toContain(title);
    expect(await inboxText(atHomeApi)).not.toContain(title);

    await page.getByTestId('portal-tab-applications').click();
    await page.getByTestId('relief-start-damage_certificate').click();
    const application = page.getByTestId('relief-application');
    await application.waitFor();
    // Pre-filled from the registry, not an input.
    await expect
      .poll(() => page.getByTestId('relief-field-applicantName').textContent())
      .toContain('試験 太郎');
    expect(await page.locator('input#relief-field-applicantName').count()).toBe(0);

    await page.getByTestId('relief-field-disasterDate').fill('2024-01-01');
    await page.getByTestId('relief-field-buildingType').selectOption('detached');
    await page.getByTestId('relief-field-ownership').selectOption('owner');
    await page.getByTestId('relief-field-damageDescription').fill('家屋が傾いています');
    await page.getByTestId('relief-field-purpose').selectOption('support_grant');
    await page.getByTestId('relief-field-copies').fill('1');
    await page.getByTestId('relief-upload-damagePhotos').setInputFiles({
      name: 'house.jpg',
      mimeType: 'image/jpeg',
      buffer: PHOTO,
    });
    await page.getByTestId('relief-file').first().waitFor();
    await page.getByTestId('relief-submit').click();
    await page.locator('[data-testid="relief-application"][data-state="submitted"]').waitFor();
    const id = (
      await e2e.server.db.query<{ id: string }>(
        `SELECT a.id FROM relief_applications a JOIN users u ON u.resident_id = a.resident_id WHERE u.id = $1`,
        [resident.id],
      )
    ).rows[0]!.id;

    await decide(id, { to: 'under_review' });
    await decide(id, { to: 'correction_requested', reason: '部数を2部にしてください', fields: ['copies'] });
    // Live: the inbox comes up with the request, and the form marks the field to fix, no reload.
    await page.locator('[data-testid="inbox-item"]', { hasText: '罹災証明書：修正依頼' }).first().waitFor();
    await page.getByTestId('portal-tab-applications').click();
    await page.getByTestId('relief-correction').waitFor();
    expect(await page.getByTestId('relief-correction').textContent()).toContain('部数を2部');
    expect(await page.getByTestId('relief-field-copies').getAttribute('aria-invalid')).toBe('true');
    await e2e.snapshot(page, 'correction-requested');

    await page.getByTestId('relief-field-copies').fill('2');
    await page.getByTestId('relief-submit').click();
    await page.locator('[data-testid="relief-application"][data-state="resubmitted"]').waitFor();

    await decide(id, { to: 'under_review' });
    await decide(id, { to: 'approved', damageLevel: 'half' });
    await page.locator('[data-testid="inbox-item"]', { hasText: '罹災証明書：発行済み' }).first().waitFor();
    await page.getByTestId('portal-tab-applications').click();
    await page.locator('[data-testid="relief-application"][data-state="issued"]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('relief-certificate').click(),
    ]);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/NotoSansJP-Regular/);
    await e2e.snapshot(page, 'issued');
  });
});
