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
import { openReader, registerReader, type NodeReader } from './support/reader.js';

describe("a resident sees a family member's check-in live", () => {
  const e2e = new E2e('family-live');
  let shelterId: string;
  let reader: NodeReader;
  /** A is tapped in; B lives with A; C lives elsewhere. */
  const people: Record<'a' | 'b' | 'c', { id: string; card: string; user: BuiltUser }> = {} as never;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    shelterId = (await buildShelter(db, { municipality: town, capacity: 50, status: 'open' })).id;
    const a = await buildResident(db, { municipality: town });
    const b = await buildResident(db, { municipality: town, householdId: a.householdId });
    const c = await buildResident(db, { municipality: town });
    for (const [key, resident] of [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const) {
      const card = randomCardUid();
      await buildCard(db, { residentId: resident.id, token: e2e.server.server.checkins.tokenFor(card) });
      const user = await buildUser(db, { role: 'resident', residentId: resident.id });
      people[key] = { id: resident.id, card, user };
    }
    const staff = e2e.server.client();
    const staffUser = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelterId] });
    await staff.login(staffUser.username, staffUser.password);
    reader = await openReader(e2e.server.url, await registerReader(staff, shelterId, 'Entrance'));
    return () => reader.close();
  });

  async function openFamily(user: BuiltUser, label: string): Promise<{ page: Page; memberReads: string[] }> {
    const page = await e2e.newPage(label, 'phone');
    // Which family members this page asked the server about (each live update triggers one read).
    const memberReads: string[] = [];
    page.on('request', (request) => {
      const match = /\/api\/me\/family\/([0-9a-f-]{36})/.exec(request.url());
      if (match?.[1]) memberReads.push(match[1]);
    });
    await e2e.login(page, user);
    await page.getByTestId('portal-tab-family').click();
    await page.locator('[data-testid="family-live"][data-live="true"]').waitFor();
    await page.getByTestId('family-list').waitFor();
    return { page, memberReads };
  }

  const member = (page: Page, residentId: string) =>
    page.locator(`[data-testid="family-member"][data-resident-id="${residentId}"]`);

  it("shows A's tap at the shelter to B at once, and nothing of it to C", async () => {
    const b = await openFamily(people.b.user, 'resident-b');
    const c = await openFamily(people.c.user, 'resident-c');
    await expect.poll(() => member(b.page, people.a.id).getAttribute('data-place')).not.toBe('shelter');
    expect(await member(c.page, people.a.id).count()).toBe(0);

    const tapped = Date.now();
    expect(await reader.tap(people.a.card)).toMatchObject({ outcome: 'checked_in' });
    await b.page
      .locator(
        `[data-testid="family-member"][data-resident-id="${people.a.id}"][data-place="shelter"][data-shelter-id="${shelterId}"]`,
      )
      .waitFor();
    const seen = Date.now();
    await e2e.snapshot(b.page, 'b-sees-a');

    // C's own tap is a barrier: one socket delivers in order, so had A's update been sent to C,
    // it would have arrived before this one.
    expect(await reader.tap(people.c.card)).toMatchObject({ outcome: 'checked_in' });
    await member(c.page, people.c.id).and(c.page.locator('[data-place="shelter"]')).waitFor();
    expect(await member(c.page, people.a.id).count()).toBe(0);
    expect(c.memberReads).not.toContain(people.a.id);
    process.stdout.write(`[e2e] family: tap→B sees A ${seen - tapped} ms\n`);
  });
});
