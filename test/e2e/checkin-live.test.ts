import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
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
import { isSamePageLoad, markPageLoad, watchMarkerOccupancy, watchSelector } from './support/hq.js';
import { openReader, registerReader } from './support/reader.js';

/**
 * How long headquarters may wait after a reader's acknowledgement before the map shows the tap.
 * Both moments are taken where they happen (reader, HQ page), not where this test notices them.
 */
const LIVE_BUDGET_MS = 1_000;

describe('HQ map follows card taps live', () => {
  const e2e = new E2e('checkin-live');
  let shelter: { id: string; lat: number; lon: number };
  let hqUser: BuiltUser;
  let staffUser: BuiltUser;
  const cards: string[] = [];
  const shelterIds: string[] = [];
  let hq: Page;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    shelter = await buildShelter(db, { municipality: town, capacity: 10, status: 'open' });
    const other = await buildShelter(db, { municipality: town, capacity: 40, status: 'open' });
    shelterIds.push(shelter.id, other.id);
    for (let i = 0; i < 2; i++) {
      const resident = await buildResident(db, { municipality: town });
      const uid = randomCardUid();
      await buildCard(db, { residentId: resident.id, token: e2e.server.server.checkins.tokenFor(uid) });
      cards.push(uid);
    }
    hqUser = await buildUser(db, { role: 'hq_operator' });
    staffUser = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelter.id] });
  });

  async function shelterCount(): Promise<number> {
    const { status, body } = await e2e.server.client().get('/api/shelters');
    expect(status).toBe(200);
    return (body as { features: unknown[] }).features.length;
  }

  it('shows every shelter to headquarters after signing in', async () => {
    const servedBefore = await shelterCount();
    hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await expect.poll(() => hq.getByTestId('current-user').getAttribute('data-role')).toBe('hq_operator');
    await hq.waitForFunction(() => window.__hqMap !== undefined);
    await hq.locator('[data-testid="live-status"][data-live="true"]').waitFor();
    const servedAfter = await shelterCount();

    // Equal on a database of its own; a shared one may gain shelters from other runs meanwhile.
    const shown = await hq.evaluate(() => window.__hqMap!.shelterCount);
    expect(shown).toBeGreaterThanOrEqual(servedBefore);
    expect(shown).toBeLessThanOrEqual(servedAfter);
    for (const id of shelterIds)
      expect(await hq.evaluate((one) => window.__hqMap!.shelter(one)?.id, id)).toBe(id);
    expect(await hq.evaluate((id) => window.__hqMap!.shelter(id)?.occupancy, shelter.id)).toBe(0);
    await markPageLoad(hq);
  });

  it("moves the marker within a second of a tap on the shelter console's simulated reader", async () => {
    const staff = await e2e.newPage('staff', 'tablet');
    await e2e.login(staff, staffUser);
    await staff.locator(`[data-testid="shelter-console"][data-shelter-id="${shelter.id}"]`).waitFor();
    await staff.getByTestId('sim-reader-register').click();
    await staff.locator('[data-testid="sim-reader-status"][data-state="connected"]').waitFor();
    await staff.getByTestId('sim-card-uid').fill(cards[0]!);

    const acked = await watchSelector(staff, '[data-testid="sim-last-result"][data-outcome="checked_in"]');
    const shown = await watchMarkerOccupancy(hq, shelter.id, 1);
    const tapped = Date.now();
    await staff.getByTestId('sim-tap').click();
    expectLive('simulated reader', tapped, await acked(), await shown());

    await staff.locator('[data-testid="console-occupancy"][data-occupancy="1"]').waitFor();
    await e2e.snapshot(staff, 'console-after-tap');
  });

  it('moves the marker within a second of a tap from a reader agent on the /readers namespace', async () => {
    const staffApi = e2e.server.client();
    await staffApi.login(staffUser.username, staffUser.password);
    const reader = await openReader(
      e2e.server.url,
      await registerReader(staffApi, shelter.id, 'Entrance (agent)'),
    );
    try {
      expect(reader.config.shelterId).toBe(shelter.id);
      const shown = await watchMarkerOccupancy(hq, shelter.id, 2);
      const tapped = Date.now();
      const result = await reader.tap(cards[1]!);
      const acked = Date.now();
      expect(result).toMatchObject({ outcome: 'checked_in', occupancy: 2 });
      expectLive('reader agent', tapped, acked, await shown());
    } finally {
      reader.close();
    }

    expect(await isSamePageLoad(hq)).toBe(true);
    await hq.evaluate(
      ([id, lat, lon]) => {
        window.__hqMap!.setView(lat, lon, 14);
        window.__hqMap!.openShelter(id);
      },
      [shelter.id, shelter.lat, shelter.lon] as const,
    );
    await e2e.snapshot(hq, 'hq-after-taps');
  });
});

/** Times are wall-clock milliseconds: this process and the pages share the machine's clock. */
function expectLive(source: string, tapped: number, acked: number, shown: number): void {
  process.stdout.write(
    `[e2e] ${source}: tap→ack ${acked - tapped} ms, ack→marker ${shown - acked} ms, tap→marker ${shown - tapped} ms\n`,
  );
  expect(
    shown - acked,
    `${source}: the HQ marker changed ${shown - acked} ms after the ack`,
  ).toBeLessThanOrEqual(LIVE_BUDGET_MS);
}
