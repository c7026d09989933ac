import { beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import { moveHome, quietPointIn, squareAround } from './support/data.js';
import { E2e } from './support/harness.js';
import { isSamePageLoad, markPageLoad } from './support/hq.js';

describe('a warning drawn at headquarters reaches a resident, who calls for help', () => {
  const e2e = new E2e('warning-flow');
  let home: { lat: number; lon: number };
  let hqUser: BuiltUser;
  let residentUser: BuiltUser;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const resident = await buildResident(db, { municipality: town });
    home = quietPointIn(town);
    await moveHome(db, resident, home);
    residentUser = await buildUser(db, { role: 'resident', residentId: resident.id });
    hqUser = await buildUser(db, { role: 'hq_operator' });
  });

  it('draws, previews, sends; the resident sees it live and answers "need help"; HQ sees the pin', async () => {
    // The resident is already looking at their phone when the warning goes out.
    const phone = await e2e.newPage('resident', 'phone', home);
    await e2e.login(phone, residentUser);
    await phone.getByTestId('portal-tab-inbox').click();
    await phone.locator('[data-testid="inbox"][data-live="true"][data-loaded="true"]').waitFor();
    expect(await phone.getByTestId('inbox-item').count()).toBe(0);

    const hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await hq.waitForFunction(() => window.__hqMap !== undefined && window.__hqWarnings !== undefined);
    await markPageLoad(hq);
    await hq.evaluate(({ lat, lon }) => {
      window.__hqMap!.setView(lat, lon, 16);
    }, home);

    await hq.getByTestId('warning-new').click();
    await hq.getByTestId('warning-compose').waitFor();
    expect(
      await hq.evaluate((points) => window.__hqWarnings!.drawPolygon(points), squareAround(home, 0.0004)),
    ).toBe(true);
    await hq.locator('[data-testid="warning-shape"][data-kind="polygon"]').waitFor();
    // Exactly the one home inside the drawn square.
    await hq.locator('[data-testid="warning-preview-total"][data-value="1"]').waitFor();
    await hq.getByTestId('warning-template').selectOption('level4');
    await hq.getByTestId('warning-areaDesc').fill('テスト地区（e2e）');
    await e2e.snapshot(hq, 'hq-compose');

    const sent = Date.now();
    await hq.getByTestId('warning-send').click();
    await hq.getByTestId('warning-notice').waitFor();

    const item = phone.getByTestId('inbox-item');
    await item.waitFor();
    const delivered = Date.now();
    const alertId = await item.getAttribute('data-alert-id');
    expect(alertId).toBeTruthy();
    await hq.waitForFunction((id) => window.__hqWarnings!.areaIds().includes(id), alertId!);

    await item.getByTestId('inbox-open').click();
    await phone.getByTestId('inbox-detail').waitFor();
    await phone.getByTestId('inbox-respond-location').check();
    const answered = Date.now();
    await phone.getByTestId('inbox-respond-need_help').click();
    await phone.getByTestId('inbox-respond-sent').waitFor();
    await phone.locator('[data-testid="inbox-current-response"][data-response="need_help"]').waitFor();
    await e2e.snapshot(phone, 'resident-answered');

    await hq.waitForFunction(
      (id) =>
        window.__hqWarnings!.pins().some((pin) => pin.alertId === id && pin.location?.source === 'response'),
      alertId!,
    );
    const pinned = Date.now();
    const pin = await hq.evaluate(
      (id) => window.__hqWarnings!.pins().find((candidate) => candidate.alertId === id),
      alertId!,
    );
    expect(pin?.location?.lat).toBeCloseTo(home.lat, 4);
    expect(pin?.location?.lon).toBeCloseTo(home.lon, 4);
    await hq.getByTestId('need-help-item').first().waitFor();
    expect(await isSamePageLoad(hq)).toBe(true);
    await e2e.snapshot(hq, 'hq-need-help');
    process.stdout.write(
      `[e2e] warning: send→resident inbox ${delivered - sent} ms, need-help answer→HQ pin ${pinned - answered} ms\n`,
    );
  });
});
