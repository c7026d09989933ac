import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import type {} from '@client/shared/targeting/polygonMapTestHook';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import { moveHome, quietPointIn, squareAround } from './support/data.js';
import { E2e } from './support/harness.js';

const ZOOM = 17;

/** Web Mercator pixel of a point at ZOOM, as Leaflet's default CRS projects it. */
function worldPixel(lat: number, lon: number): { x: number; y: number } {
  const scale = 256 * 2 ** ZOOM;
  const sin = Math.sin((lat * Math.PI) / 180);
  return {
    x: ((lon + 180) / 360) * scale,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
  };
}

async function downloaded(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

const yearsAgo = (years: number) => `${new Date().getFullYear() - years}-01-01`;

/**
 * HQ makes enrolment letters for an area drawn on the map, narrowed by age: the batch runs to done
 * on the page and its PDF and CSV download with exactly the people selected.
 */
describe('HQ makes enrolment letters for a drawn area and a filter', () => {
  const e2e = new E2e('enrolment-letters', () => ({ ENROLMENT_LETTERS_CHUNK: '1' }));
  let hqUser: BuiltUser;
  let home: { lat: number; lon: number };
  const names = new Map<string, string>();

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    home = quietPointIn(town);
    const person = async (
      label: string,
      age: number,
      at: { lat: number; lon: number },
      householdId?: string,
    ) => {
      const built = await buildResident(db, { municipality: town, birthDate: yearsAgo(age), householdId });
      await moveHome(db, built, at);
      const { rows } = await db.query<{ name: string }>(
        `SELECT family_name || ' ' || given_name AS name FROM residents WHERE id = $1`,
        [built.id],
      );
      names.set(label, rows[0]!.name);
      return built;
    };
    // Inside the area: an older and a younger adult of one household, an older neighbour.
    const elder = await person('elderInside', 70, home);
    await person('youngerInside', 40, home, elder.householdId);
    await person('neighbourInside', 65, { lat: home.lat + 0.0001, lon: home.lon + 0.0001 });
    // Outside the area, old enough: no letter.
    await person('elderOutside', 75, { lat: home.lat + 0.003, lon: home.lon });
    hqUser = await buildUser(db, { role: 'hq_operator' });
  });

  it('draws the area, sets the age, makes the batch, follows it to done and downloads both files', async () => {
    const hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await hq.getByTestId('nav-enrolment').click();
    const section = hq.getByTestId('enrolment-letters');
    await section.waitFor();
    expect(await section.getByTestId('letters-create').isDisabled()).toBe(true);

    // The area: open the map, bring it to the homes, click four corners.
    await section.getByTestId('letters-polygon').locator('summary').click();
    const map = section.getByTestId('letters-map');
    await map.waitFor();
    await hq.waitForFunction(() => window.__polygonMap !== undefined);
    await hq.evaluate(({ lat, lon, zoom }) => window.__polygonMap!.setView(lat, lon, zoom), {
      ...home,
      zoom: ZOOM,
    });
    // The clicks go to the viewport: the whole map must be on screen.
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const origin = worldPixel(home.lat, home.lon);
    for (const [lat, lon] of squareAround(home, 0.0004)) {
      const point = worldPixel(lat, lon);
      await hq.mouse.click(
        box.x + box.width / 2 + point.x - origin.x,
        box.y + box.height / 2 + point.y - origin.y,
      );
    }
    await section.locator('[data-testid="letters-polygon"][data-points="4"]').waitFor();

    // The filter: people aged 60 and over, one letter each.
    await section.getByTestId('letters-age-min').fill('60');
    await section.getByTestId('letters-per').selectOption('person');
    // Other tests' batches share the list: this one is known by the id the page was given.
    const [created] = await Promise.all([
      hq.waitForResponse(
        (r) => r.url().endsWith('/api/enrolment/letters') && r.request().method() === 'POST',
      ),
      section.getByTestId('letters-create').click(),
    ]);
    const { id } = (await created.json()) as { id: string };
    const batch = section.locator(`[data-testid="letter-batch"][data-batch-id="${id}"]`);
    await section
      .locator(`[data-testid="letter-batch"][data-batch-id="${id}"][data-status="done"]`)
      .waitFor();
    expect(await batch.getAttribute('data-letters-total')).toBe('2');
    expect(await batch.getAttribute('data-letters-done')).toBe('2');
    expect(await batch.getByTestId('letter-batch-selection').textContent()).toContain('描いた範囲');
    await e2e.snapshot(hq, 'batch-done');

    const csv = await downloaded(hq, batch.getByTestId('letter-batch-csv'));
    expect(csv.name).toMatch(/^enrolment-letters-.+\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.trim().split('\r\n')).toHaveLength(3);
    expect(text).toContain(names.get('elderInside'));
    expect(text).toContain(names.get('neighbourInside'));
    expect(text).not.toContain(names.get('youngerInside'));
    expect(text).not.toContain(names.get('elderOutside'));

    const pdf = await downloaded(hq, batch.getByTestId('letter-batch-pdf'));
    expect(pdf.name).toMatch(/^enrolment-letters-.+\.pdf$/);
    const { text: pdfText } = await extractText(await getDocumentProxy(new Uint8Array(pdf.bytes)), {
      mergePages: true,
    });
    expect(pdfText).toContain('住民ポータル 登録のご案内');
    expect(pdfText).toContain(names.get('elderInside'));
    expect(pdfText).not.toContain(names.get('elderOutside'));
  });
});
