import { randomInt } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import { evacuationOrder } from './support/cap-alerts.js';
import type { Position } from '../geo/src/geometry.js';
import type { Queryable } from '../server/src/db/database.js';
import type { HqTotalsEvent } from '../server/src/realtime/events.js';
import { cellDegrees } from '../server/src/modules/hq/hq.service.js';
import { loadRegion } from '../server/src/modules/region/region.loader.js';
import { buildIncident, buildResidentsAt, buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface Heat {
  cell: { lon: number; lat: number };
  areas: { alertId: string; total: number; cells: [number, number, number][] }[];
}

interface Timeline {
  snapshots: { label: string; at: string; total: number; mapped: number }[];
  shelters: { shelterId: string; counts: number[] }[];
  unmatched: { name: string; peak: number }[];
}

/** A report that someone is at home now (history row + current state). */
async function reportHome(db: Queryable, residentId: string): Promise<void> {
  await db.query(
    `WITH e AS (
       INSERT INTO whereabouts_events (resident_id, place, source, occurred_at)
       VALUES ($1, 'home', 'self_report', now()) RETURNING id, occurred_at)
     INSERT INTO whereabouts_current (resident_id, place, source, occurred_at, event_id)
     SELECT $1, 'home', 'self_report', occurred_at, id FROM e
     ON CONFLICT (resident_id) DO UPDATE SET place = 'home', shelter_id = NULL, stay_type = NULL,
       occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id`,
    [residentId],
  );
}

const waitFor = async <T>(read: () => T | undefined, ms: number): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('HQ map aggregates: totals, unaccounted heat, Nanao timeline', () => {
  let t: TestServer;
  let hq: HttpClient;
  let socket: Socket | undefined;
  // Somewhere over the Pacific no other test draws in, so the warning holds only our homes.
  // The heat grid snaps homes to the nearest multiple of the cell size (cells are centred on 0°,
  // 0° and its multiples). The origin is placed so that the three homes of one cell sit around a
  // cell's centre: anywhere else, a cell edge could fall between two of them.
  const cell = cellDegrees(500);
  const O: Position = [
    Math.round((150 + randomInt(1000) / 100) / cell.lon) * cell.lon - 0.0102,
    Math.round((20 + randomInt(500) / 100) / cell.lat) * cell.lat - 0.0102,
  ];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];
  let inside: string[];

  beforeAll(async () => {
    t = await startTestServer();
    await loadRegion(t.db);
    await buildIncident(t.db);
    hq = await signIn(t, { role: 'hq_operator' });
    // Three homes in one 500 m cell, one in the next cell east, one outside the warning.
    inside = await buildResidentsAt(t.db, [
      at(0.0101, 0.0101),
      at(0.0102, 0.0102),
      at(0.0103, 0.0101),
      at(0.0203, 0.0101),
    ]);
    await buildResidentsAt(t.db, [at(0.2, 0.2)]);
  }, 120_000);
  afterAll(async () => {
    socket?.disconnect();
    await t?.close();
  });

  it('is for HQ only', async () => {
    const anonymous = t.client();
    const staff = await signIn(t, { role: 'shelter_staff' });
    const [residentId] = await buildResidentsAt(t.db, [null]);
    const resident = t.client();
    const residentUser = await buildUser(t.db, { role: 'resident', residentId: residentId! });
    await resident.login(residentUser.username, residentUser.password);
    const admin = await signIn(t, { role: 'admin' });
    for (const path of ['/api/hq/totals', '/api/hq/unaccounted-heat', '/api/hq/timeline']) {
      expect((await anonymous.get(path)).status, path).toBe(401);
      expect((await staff.get(path)).status, path).toBe(403);
      expect((await resident.get(path)).status, path).toBe(403);
      expect((await admin.get(path)).status, path).toBe(200);
    }
    expect((await hq.get('/api/hq/unaccounted-heat?cellMeters=10')).status).toBe(400);
  });

  it('counts unaccounted residents down as they are heard of, and pushes the change to HQ', async () => {
    const before = (await hq.get('/api/hq/totals')).body as HqTotalsEvent;
    expect(before.incident).not.toBeNull();
    expect(before.unaccounted).toBeGreaterThanOrEqual(inside.length);
    const registry = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM residents WHERE registration = 'registry'`,
    );
    expect(before.registry).toBe(Number(registry.rows[0]!.n));

    socket = connect(t.url, { transports: ['websocket'], extraHeaders: { cookie: hq.cookieHeader! } });
    const pushed: HqTotalsEvent[] = [];
    socket.on('hq:totals', (event: HqTotalsEvent) => pushed.push(event));
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });

    await reportHome(t.db, inside[0]!);
    const after = (await hq.get('/api/hq/totals')).body as HqTotalsEvent;
    expect(after.unaccounted).toBe(before.unaccounted! - 1);
    expect(after.atHome).toBe(before.atHome + 1);

    // A new registered resident raises the registry (kept by trigger) and the unaccounted count.
    await buildResidentsAt(t.db, [null]);
    const grown = (await hq.get('/api/hq/totals')).body as HqTotalsEvent;
    expect(grown.registry).toBe(after.registry + 1);
    expect(grown.unaccounted).toBe(after.unaccounted! + 1);

    const live = await waitFor(() => pushed.find((event) => event.registry === grown.registry), 15_000);
    expect(live.unaccounted).toBe(grown.unaccounted);
  }, 30_000);

  it('grids unaccounted homes inside an active warning, with counts only', async () => {
    const square = formatCapPolygon([at(0, 0), at(0.05, 0), at(0.05, 0.05), at(0, 0.05)]);
    const issued = await hq.post('/api/alerts', evacuationOrder(square));
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const alertId = (issued.body as { alert: { id: string } }).alert.id;

    const response = await hq.get('/api/hq/unaccounted-heat?cellMeters=500');
    expect(response.status).toBe(200);
    const heat = response.body as Heat;
    const area = heat.areas.find((candidate) => candidate.alertId === alertId);
    // inside[0] reported home in the previous test: two left in the first cell, one in the next.
    expect(area?.total).toBe(3);
    expect(area!.cells.map((cell) => cell[2]).sort()).toEqual([1, 2]);
    for (const [lon, lat] of area!.cells) {
      expect(lon).toBeGreaterThan(O[0]);
      expect(lat).toBeGreaterThan(O[1]);
    }
    const text = JSON.stringify(heat);
    for (const id of inside) expect(text).not.toContain(id);
    expect(text).not.toContain('試験');

    await reportHome(t.db, inside[3]!);
    const after = (await hq.get('/api/hq/unaccounted-heat')).body as Heat;
    expect(after.areas.find((candidate) => candidate.alertId === alertId)?.cells).toHaveLength(1);
  });

  it("maps Nanao's 118 snapshots onto the system's shelters", async () => {
    const response = await hq.get('/api/hq/timeline');
    expect(response.status).toBe(200);
    const timeline = response.body as Timeline;
    expect(timeline.snapshots).toHaveLength(118);
    expect(timeline.snapshots[0]!.label).toBe('2024-01-09-1800');
    expect(Math.max(...timeline.snapshots.map((s) => s.total))).toBe(1933);
    expect(timeline.shelters.length).toBeGreaterThan(20);
    for (const shelter of timeline.shelters) expect(shelter.counts).toHaveLength(118);
    for (const [index, snapshot] of timeline.snapshots.entries()) {
      const mapped = timeline.shelters.reduce((sum, s) => sum + s.counts[index]!, 0);
      expect(mapped).toBe(snapshot.mapped);
      expect(snapshot.mapped).toBeLessThanOrEqual(snapshot.total);
    }
    expect(timeline.unmatched.map((s) => s.name)).toEqual(['寄合い処みそぎ']);
  });
});
