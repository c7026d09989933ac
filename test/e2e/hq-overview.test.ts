import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import { evacuationOrder } from '../support/cap-alerts.js';
import type { Position } from '../../geo/src/geometry.js';
import { loadRegion } from '../../server/src/modules/region/region.loader.js';
import { buildIncident, buildResidentsAt, buildUser, type BuiltUser } from '../support/factories.js';
import { E2e } from './support/harness.js';
import { isSamePageLoad, markPageLoad } from './support/hq.js';
// Brings in the `window.__hqOverview` declaration the page installs.
import type {} from '@client/features/hq/overviewTestHook';

interface Timeline {
  snapshots: { label: string; mapped: number }[];
  shelters: { shelterId: string; counts: number[] }[];
}

const valueOf = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));

describe('HQ overview: people totals, unaccounted heat, Nanao timeline', () => {
  const e2e = new E2e('hq-overview');
  let hqUser: BuiltUser;
  let homes: string[];
  let alertId: string;
  // Over the Pacific, where no other test puts homes: the warning covers only these.
  const O: Position = [150 + randomInt(1000) / 100, 20 + randomInt(500) / 100];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];

  beforeAll(async () => {
    const db = e2e.server.db;
    await loadRegion(db);
    await buildIncident(db);
    homes = await buildResidentsAt(db, [at(0.01, 0.01), at(0.011, 0.012), at(0.02, 0.015)]);
    hqUser = await buildUser(db, { role: 'hq_operator' });
    const api = e2e.server.client();
    await api.login(hqUser.username, hqUser.password);
    const square = formatCapPolygon([at(0, 0), at(0.03, 0), at(0.03, 0.03), at(0, 0.03)]);
    const issued = await api.post('/api/alerts', evacuationOrder(square));
    expect(issued.status).toBe(201);
    alertId = (issued.body as { alert: { id: string } }).alert.id;
  }, 120_000);

  it('shows live totals, the heat layer of an active warning, and replays the timeline on markers', async () => {
    const hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await hq.waitForFunction(() => window.__hqMap !== undefined && window.__hqOverview !== undefined);
    await hq.locator('[data-testid="live-status"][data-live="true"]').waitFor();
    await markPageLoad(hq);

    // Totals: the side panel shows what the server counts.
    await hq.locator('[data-testid="totals-unaccounted"]:not([data-value=""])').waitFor();
    const api = e2e.server.client();
    await api.login(hqUser.username, hqUser.password);
    const served = (await api.get('/api/hq/totals')).body as { unaccounted: number; inShelters: number };
    expect(await valueOf(hq, 'totals-unaccounted')).toBe(served.unaccounted);
    expect(served.unaccounted).toBeGreaterThanOrEqual(homes.length);

    // The heat layer holds our three unaccounted homes (one 500 m cell for two of them).
    await hq.waitForFunction((id) => window.__hqOverview?.heatPeopleIn(id) === 3, alertId);
    expect(await hq.getByTestId('heat-summary').getAttribute('data-cells')).not.toBe('0');
    await hq.evaluate(
      ([lon, lat]) => {
        window.__hqMap!.setView(lat, lon, 13);
      },
      at(0.015, 0.015),
    );
    await e2e.snapshot(hq, 'heat');

    // Someone is heard of: the unaccounted total goes down without a reload (server push).
    await e2e.server.db.query(
      `WITH e AS (INSERT INTO whereabouts_events (resident_id, place, source, occurred_at)
                  VALUES ($1, 'home', 'self_report', now()) RETURNING id, occurred_at)
       INSERT INTO whereabouts_current (resident_id, place, source, occurred_at, event_id)
       SELECT $1, 'home', 'self_report', occurred_at, id FROM e`,
      [homes[2]],
    );
    await hq
      .locator(`[data-testid="totals-unaccounted"][data-value="${served.unaccounted - 1}"]`)
      .waitFor({ timeout: 15_000 });
    await hq.waitForFunction((id) => window.__hqOverview!.heatPeopleIn(id) === 2, alertId, {
      timeout: 15_000,
    });

    // Timeline: a Nanao shelter whose 2024 count differs between two snapshots.
    const timeline = (await api.get('/api/hq/timeline')).body as Timeline;
    const later = 40;
    const shelter = timeline.shelters.find((s) => s.counts[0]! > 0 && s.counts[later] !== s.counts[0]);
    expect(shelter).toBeDefined();
    const live = await hq.evaluate((id) => window.__hqMap!.shelter(id)!.occupancy, shelter!.shelterId);

    await hq.getByTestId('timeline-open').click();
    await hq.locator('[data-testid="timeline-panel"][data-index="0"]').waitFor();
    await hq.waitForFunction(([id, expected]) => window.__hqMap!.shelter(id)?.occupancy === expected, [
      shelter!.shelterId,
      shelter!.counts[0]!,
    ] as const);
    await hq.getByTestId('timeline-slider').fill(String(later));
    await hq.locator(`[data-testid="timeline-panel"][data-index="${later}"]`).waitFor();
    const shown = await hq.evaluate((id) => window.__hqMap!.shelter(id)!, shelter!.shelterId);
    expect(shown.occupancy).toBe(shelter!.counts[later]);
    expect(shown.status).toBe(shelter!.counts[later]! > 0 ? 'open' : 'closed');
    expect(await valueOf(hq, 'timeline-people')).toBe(timeline.snapshots[later]!.mapped);
    expect(await hq.getByTestId('timeline-chart').count()).toBe(1);

    // The marker's popup charts that shelter's occupancy over the timeline.
    expect(await hq.evaluate((id) => window.__hqMap!.openShelter(id), shelter!.shelterId)).toBe(true);
    await hq.getByTestId('shelter-popup-chart').waitFor();
    await hq.evaluate(() => {
      window.__hqMap!.setView(37.04, 136.96, 12.5);
    });
    expect(await hq.evaluate((id) => window.__hqMap!.openShelter(id), shelter!.shelterId)).toBe(true);
    await hq.getByTestId('shelter-popup-chart').waitFor();
    await e2e.snapshot(hq, 'timeline');

    await hq.getByTestId('timeline-live').click();
    await hq.locator('[data-testid="timeline-panel"][data-mode="live"]').waitFor();
    await hq.waitForFunction(([id, expected]) => window.__hqMap!.shelter(id)?.occupancy === expected, [
      shelter!.shelterId,
      live,
    ] as const);
    expect(await isSamePageLoad(hq)).toBe(true);
  }, 120_000);
});
