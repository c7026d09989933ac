import { beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import { upsertSupporterArea } from '../../server/src/modules/visits/visits.queries.js';
import { evacuationOrder } from '../support/cap-alerts.js';
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
import { openReader, registerReader } from './support/reader.js';

/**
 * The loop closed for a person the warning does not reach (no app, no push, no e-mail, no SMS):
 * HQ sees them as not reached, opens a visit and sends a community supporter, who sees it on
 * their visit list; when staff tap the person's card at a shelter, the visit closes by itself on
 * both screens.
 */
describe('a warning that reaches nobody becomes a visit, closed by a card tap', () => {
  const e2e = new E2e('visits-unreached');
  let hqUser: BuiltUser;
  let supporterUser: BuiltUser;
  let staffUser: BuiltUser;
  let residentId: string;
  let cardUid: string;
  let shelterId: string;
  let polygon: string;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    shelterId = (await buildShelter(db, { municipality: town, status: 'open' })).id;
    residentId = (await buildResident(db, { municipality: town })).id;
    cardUid = randomCardUid();
    await buildCard(db, { residentId, token: e2e.server.server.checkins.tokenFor(cardUid) });
    hqUser = await buildUser(db, { role: 'hq_operator' });
    supporterUser = await buildUser(db, { role: 'community_supporter' });
    const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [
      supporterUser.username,
    ]);
    await upsertSupporterArea(db, {
      userId: rows[0]!.id,
      municipalityCodes: [town.code],
      districtGeoJson: null,
    });
    staffUser = await buildUser(db, { role: 'shelter_staff', shelterIds: [shelterId] });
    // The resident's home (buildResident) is at the town's corner + 0.02°: a square around it.
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

  it('HQ opens and assigns a visit for the unreached person; a card tap closes it live', async () => {
    const hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await hq.getByTestId('unreached-panel').waitFor();

    // HQ sends the warning; the person has no account and no channel: nothing can reach them.
    const sender = e2e.server.client();
    await sender.login(hqUser.username, hqUser.password);
    const issued = await sender.post('/api/alerts', evacuationOrder(polygon));
    expect(issued).toMatchObject({ status: 201, body: { targeted: 1 } });
    const alertId = (issued.body as { alert: { id: string } }).alert.id;

    // Other warnings may be active too: choose this one.
    await hq
      .locator(`[data-testid="unreached-alert"] option[value="${alertId}"]`)
      .waitFor({ state: 'attached' });
    await hq.getByTestId('unreached-alert').selectOption(alertId);
    await hq.locator(`[data-testid="unreached-panel"][data-alert-id="${alertId}"]`).waitFor();
    const person = hq.locator(`[data-testid="unreached-item"][data-resident-id="${residentId}"]`);
    await person.waitFor();
    await person.getByTestId('unreached-check').check();
    await hq.getByTestId('unreached-open').click();

    const task = hq.locator(`[data-testid="visit-task-item"][data-resident-id="${residentId}"]`);
    await task.and(hq.locator('[data-status="open"]')).waitFor();
    const taskId = await task.getAttribute('data-task-id');
    expect(taskId).toBeTruthy();
    await task.getByTestId('visit-task-check').check();
    // By id: other test files' supporters in a shared database carry the same label.
    await hq.getByTestId('visit-assignee').selectOption({ value: supporterUser.id });
    await hq.getByTestId('visit-assign').click();
    await task.and(hq.locator('[data-status="assigned"]')).waitFor();
    await e2e.snapshot(hq, 'hq-assigned');

    // The supporter signs in to their visit list and finds the visit.
    const supporter = await e2e.newPage('supporter', 'phone');
    await e2e.login(supporter, supporterUser);
    const visit = supporter.locator(`[data-testid="visit-item"][data-task-id="${taskId}"]`);
    await visit.and(supporter.locator('[data-status="assigned"]')).waitFor();
    await e2e.snapshot(supporter, 'supporter-list');

    // Meanwhile the person turns up at a shelter, and staff tap their card.
    const staff = e2e.server.client();
    await staff.login(staffUser.username, staffUser.password);
    const reader = await openReader(e2e.server.url, await registerReader(staff, shelterId, 'Entrance'));
    try {
      expect(await reader.tap(cardUid)).toMatchObject({ outcome: 'checked_in' });
    } finally {
      reader.close();
    }
    const tapped = Date.now();

    await task.and(hq.locator('[data-status="closed_automatically"][data-closed-by="card_tap"]')).waitFor();
    const hqSaw = Date.now();
    await visit.and(supporter.locator('[data-status="closed_automatically"]')).waitFor();
    await supporter.getByTestId('visit-closed').waitFor();
    await e2e.snapshot(hq, 'hq-closed');
    await e2e.snapshot(supporter, 'supporter-closed');
    process.stdout.write(`[e2e] visits: card tap → HQ panel shows the visit closed ${hqSaw - tapped} ms\n`);
  });
});
