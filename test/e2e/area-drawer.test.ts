import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import { moveHome, quietPointIn, squareAround } from './support/data.js';
import { E2e } from './support/harness.js';
import type {} from './support/hq.js';

const ZOOM = 17;

/** Web Mercator pixel of a point at a zoom level, as Leaflet's default CRS projects it. */
function worldPixel(lat: number, lon: number): { x: number; y: number } {
  const scale = 256 * 2 ** ZOOM;
  const sin = Math.sin((lat * Math.PI) / 180);
  return {
    x: ((lon + 180) / 360) * scale,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
  };
}

/** Where on the page a point of the HQ map is, with the map centred on `center` at ZOOM. */
async function pagePoint(
  page: Page,
  center: { lat: number; lon: number },
  [lat, lon]: [number, number],
): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('hq-map').boundingBox())!;
  const origin = worldPixel(center.lat, center.lon);
  const point = worldPixel(lat, lon);
  return { x: box.x + box.width / 2 + point.x - origin.x, y: box.y + box.height / 2 + point.y - origin.y };
}

/** Every CAP `polygon` and `circle` string anywhere in a request body. */
function capShapes(body: unknown): { polygons: string[]; circles: string[] } {
  const found = { polygons: [] as string[], circles: [] as string[] };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'polygon' && Array.isArray(value)) found.polygons.push(...(value as string[]));
        else if (key === 'circle' && Array.isArray(value)) found.circles.push(...(value as string[]));
        else walk(value);
      }
    }
  };
  walk(body);
  return found;
}

describe('an HQ operator draws a warning area on the map with the mouse', () => {
  const e2e = new E2e('area-drawer');
  let home: { lat: number; lon: number };
  let hqUser: BuiltUser;

  beforeAll(async () => {
    const db = e2e.server.db;
    const town = await buildMunicipality(db);
    const resident = await buildResident(db, { municipality: town });
    home = quietPointIn(town);
    await moveHome(db, resident, home);
    hqUser = await buildUser(db, { role: 'hq_operator' });
  });

  it('clicks a polygon and a circle, previews the one home inside, and sends those shapes', async () => {
    const hq = await e2e.newPage('hq', 'hq');
    await e2e.login(hq, hqUser);
    await hq.waitForFunction(() => window.__hqMap !== undefined);
    await hq.evaluate(
      ({ lat, lon, zoom }) => {
        window.__hqMap!.setView(lat, lon, zoom);
      },
      { ...home, zoom: ZOOM },
    );
    await hq.getByTestId('warning-new').click();
    await hq.getByTestId('warning-compose').waitFor();

    // Polygon: a click on each corner, then a click on the first corner closes it.
    const corners = squareAround(home, 0.0004);
    await hq.getByTestId('warning-draw-polygon').click();
    await hq.locator('[data-testid="warning-drawing"][data-mode="polygon"]').waitFor();
    for (const corner of [...corners, corners[0]!]) {
      const { x, y } = await pagePoint(hq, home, corner);
      await hq.mouse.move(x, y);
      await hq.mouse.click(x, y);
    }
    await hq.locator('[data-testid="warning-shape"][data-kind="polygon"]').waitFor();
    await hq.getByTestId('warning-drawing').waitFor({ state: 'detached' });
    await hq.locator('[data-testid="warning-preview-total"][data-value="1"]').waitFor();

    // Circle: a click on the centre, a second one on the edge, 0.0003° of latitude (≈ 33 m) north.
    await hq.getByTestId('warning-draw-circle').click();
    await hq.locator('[data-testid="warning-drawing"][data-mode="circle"]').waitFor();
    const centre = await pagePoint(hq, home, [home.lat, home.lon]);
    await hq.mouse.click(centre.x, centre.y);
    const edge = await pagePoint(hq, home, [home.lat + 0.0003, home.lon]);
    await hq.mouse.move(edge.x, edge.y);
    await hq.mouse.click(edge.x, edge.y);
    await hq.locator('[data-testid="warning-shape"][data-kind="circle"]').waitFor();
    expect(await hq.getByTestId('warning-shape').count()).toBe(2);
    // Both shapes hold the same single home.
    await hq.locator('[data-testid="warning-preview-total"][data-value="1"]').waitFor();

    await hq.getByTestId('warning-template').selectOption('level4');
    await hq.getByTestId('warning-areaDesc').fill('描画テスト地区（e2e）');
    const request = hq.waitForRequest(
      (sent) => sent.method() === 'POST' && sent.url().endsWith('/api/alerts'),
    );
    await hq.getByTestId('warning-send').click();
    const { polygons, circles } = capShapes((await request).postDataJSON());
    await hq.getByTestId('warning-notice').waitFor();

    // Every language's info block carries the same area. One pixel at this zoom is about a metre,
    // 0.00001°: the clicks land within a few of them.
    expect(new Set(polygons).size).toBe(1);
    const vertices = polygons[0]!.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
    expect(vertices).toHaveLength(5);
    expect(vertices[4]).toEqual(vertices[0]);
    vertices.slice(0, 4).forEach(([lat, lon], index) => {
      expect(Math.abs(lat - corners[index]![0])).toBeLessThan(0.00003);
      expect(Math.abs(lon - corners[index]![1])).toBeLessThan(0.00003);
    });
    expect(new Set(circles).size).toBe(1);
    const [at, radius] = circles[0]!.split(' ');
    const [lat, lon] = at!.split(',').map(Number) as [number, number];
    expect(Math.abs(lat - home.lat)).toBeLessThan(0.00003);
    expect(Math.abs(lon - home.lon)).toBeLessThan(0.00003);
    expect(Number(radius)).toBeCloseTo(0.03, 2);
    await e2e.snapshot(hq, 'hq-drawn-area');
  });
});
