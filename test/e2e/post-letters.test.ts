import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import { evacuationOrder } from '../support/cap-alerts.js';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import { E2e } from './support/harness.js';

async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [download]: [Download, void] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/**
 * HQ makes the letters for a household a warning cannot reach (no account, no push, no verified
 * e-mail or SMS): the section beside the warnings counts them, the batch's progress comes in
 * live, and the PDF and CSV download from the page with the household's names in them.
 */
describe('HQ makes and downloads letters for people no channel reaches', () => {
  const e2e = new E2e('post-letters');
  let hqUser: BuiltUser;
  let residentId: string;
  let polygon: string;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    residentId = (await buildResident(db, { municipality: town })).id;
    hqUser = await buildUser(db, { role: 'hq_operator' });
    const [minLon, minLat] = town.bbox;
    const [lon, lat] = [minLon + 0.02, minLat + 0.02];
    polygon = formatCapPolygon([
      [lon - 0.005, lat - 0.005],
      [lon + 0.005, lat - 0.005],
      [lon + 0.005, lat + 0.005],
      [lon - 0.005, lat + 0.005],
      [lon - 0.005, lat - 0.005],
    ]);
  });

  it('counts them, makes the batch live and downloads the PDF and CSV', async () => {
    const hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await hq.getByTestId('post-letters').waitFor();

    const sender = e2e.server.client();
    await sender.login(hqUser.username, hqUser.password);
    const issued = await sender.post('/api/alerts', evacuationOrder(polygon));
    expect(issued).toMatchObject({ status: 201, body: { targeted: 1 } });
    const alertId = (issued.body as { alert: { id: string } }).alert.id;

    await hq.locator(`[data-testid="post-alert"] option[value="${alertId}"]`).waitFor({ state: 'attached' });
    await hq.getByTestId('post-alert').selectOption(alertId);
    const section = hq.locator(`[data-testid="post-letters"][data-alert-id="${alertId}"]`);
    await section.waitFor();
    await section.locator('[data-testid="post-no-channel"][data-value="1"]').waitFor();
    expect(await section.getByTestId('post-no-account').textContent()).toBe('1');
    expect(await section.getByTestId('post-account-without-push').textContent()).toBe('0');

    await section.getByTestId('post-create').click();
    const batch = section.locator('[data-testid="post-batch"][data-status="done"]');
    await batch.waitFor();
    await e2e.snapshot(hq, 'hq-done');

    const { rows } = await e2e.server.db.query<{ name: string }>(
      `SELECT family_name || ' ' || given_name AS name FROM residents WHERE id = $1`,
      [residentId],
    );
    const name = rows[0]!.name;
    const pdf = await downloaded(hq, 'post-download-pdf');
    expect(pdf.name).toMatch(/^letters-.+\.pdf$/);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.bytes)), {
      mergePages: true,
    });
    expect(text).toContain(`${name} 様方`);
    expect(text).toContain('避難指示 発令');
    const csv = await downloaded(hq, 'post-download-csv');
    expect(csv.bytes.toString('utf8')).toContain(name);
    const logged = await e2e.server.db.query(
      `SELECT 1 FROM access_log WHERE subject_resident_id = $1 AND action = 'post_letter_downloaded'`,
      [residentId],
    );
    expect(logged.rows).toHaveLength(2);

    // Asking again finds the batch already made; HQ deletes the files once printed.
    await section.getByTestId('post-create').click();
    await section.getByTestId('post-existing').waitFor();
    await batch.getByTestId('post-batch-cancel').click();
    await section.locator('[data-testid="post-batch"][data-status="cancelled"]').waitFor();
    expect(await section.getByTestId('post-download-pdf').count()).toBe(0);
  });
});
