import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import type { HttpClient } from '../support/http-client.js';
import { E2e } from './support/harness.js';

/** A small well-formed JPEG, as a phone camera would hand it over. */
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\u0000\u0001\u0001\u0000\u0000\u0001\u0000\u0001\u0000\u0000', 'latin1'),
  Buffer.alloc(4000, 0x22),
  Buffer.from([0xff, 0xd9]),
]);

describe('a resident applies for a damage certificate from a phone and downloads it', () => {
  const e2e = new E2e('relief-application');
  let resident: BuiltUser;
  let reviewer: HttpClient;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const person = await buildResident(db, { municipality: town });
    resident = await buildUser(db, { role: 'resident', residentId: person.id });
    const hq = await buildUser(db, { role: 'hq_operator' });
    reviewer = e2e.server.client();
    await reviewer.login(hq.username, hq.password);
  });

  const decide = async (id: string, body: Record<string, unknown>) => {
    const { status, body: reply } = await reviewer.post(`/api/relief/applications/${id}/decision`, body);
    expect(status, JSON.stringify(reply)).toBe(200);
  };

  it('applies with a photo, gets a correction request live, resubmits, is approved and downloads the PDF', async () => {
    const page = await e2e.newPage('resident', 'phone');
    await e2e.login(page, resident);
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
