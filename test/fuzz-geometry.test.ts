import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Hostile geometry for every endpoint that takes an area drawn by a person: warning previews (CAP
 * polygons and circles) and notice previews (GeoJSON-style rings). Never a 5xx; a refusal names
 * the problem; a valid but awkward shape (thousands of vertices, crossing the antimeridian) is
 * answered in bounded time.
 */

type Ring = [number, number][];

const closed = (ring: Ring): Ring => [...ring, ring[0]!];
const square = (lon: number, lat: number, size: number): Ring =>
  closed([
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
  ]);
/** A regular polygon with `n` vertices around (lon, lat). */
const manyVertices = (n: number, lon = 136.9, lat = 37.0, radius = 0.1): Ring =>
  closed(
    Array.from({ length: n }, (_, i): [number, number] => [
      lon + radius * Math.cos((2 * Math.PI * i) / n),
      lat + radius * Math.sin((2 * Math.PI * i) / n),
    ]),
  );

const RINGS: Record<string, Ring> = {
  unclosed: square(136.9, 37.0, 0.1).slice(0, 4),
  bowtie: closed([
    [136.9, 37.0],
    [137.0, 37.1],
    [137.0, 37.0],
    [136.9, 37.1],
  ]),
  zeroArea: closed([
    [136.9, 37.0],
    [136.9, 37.0],
    [136.9, 37.0],
  ]),
  antimeridian: closed([
    [179.9, 35.0],
    [-179.9, 35.0],
    [-179.9, 35.1],
    [179.9, 35.1],
  ]),
  outOfRange: square(200, 95, 1),
  nan: [[Number.NaN, 37], ...square(136.9, 37.0, 0.1).slice(1)],
  spike: closed([
    [136.9, 37.0],
    [137.0, 37.0],
    [136.95, 37.0],
    [136.95, 37.1],
  ]),
  vertices1999: manyVertices(1_999),
  vertices5000: manyVertices(5_000),
};

/** CAP 1.2 polygon text: "lat,lon lat,lon …". */
const capPolygon = (ring: Ring) => ring.map(([lon, lat]) => `${lat},${lon}`).join(' ');

describe('hostile geometry', () => {
  let t: TestServer;
  let hq: HttpClient;

  beforeAll(async () => {
    t = await startTestServer();
    const user = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(user.username, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  function expectHandled(what: string, outcome: { status: number; body: unknown }): void {
    expect(outcome.status, `${what}: ${JSON.stringify(outcome.body)?.slice(0, 300)}`).toBeLessThan(500);
    if (outcome.status >= 400) {
      expect((outcome.body as { error?: { id?: string } }).error?.id, what).toMatch(/^[a-z_]+$/);
    }
  }

  it('answers every warning-area shape without a server error', async () => {
    for (const [name, ring] of Object.entries(RINGS)) {
      const outcome = await hq.post('/api/alerts/preview', {
        area: [{ areaDesc: name, polygon: [capPolygon(ring)] }],
      });
      expectHandled(`warning polygon ${name}`, outcome);
      if (name === 'vertices1999') expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    }
    for (const circle of [
      '37.0,136.9 0',
      '37.0,136.9 -1',
      '37.0,136.9 100000',
      '95,200 1',
      '37.0,136.9 1e309',
    ]) {
      expectHandled(
        `circle ${circle}`,
        await hq.post('/api/alerts/preview', { area: [{ areaDesc: 'c', circle: [circle] }] }),
      );
    }
  });

  it('refuses the invalid warning shapes with a message naming the polygon', async () => {
    for (const name of ['unclosed', 'bowtie', 'outOfRange']) {
      const outcome = await hq.post('/api/alerts/preview', {
        area: [{ areaDesc: name, polygon: [capPolygon(RINGS[name]!)] }],
      });
      expect(outcome.status, name).toBe(400);
      expect(JSON.stringify(outcome.body), name).toMatch(/polygon/i);
    }
  });

  it('answers every notice-area shape without a server error', async () => {
    for (const [name, ring] of Object.entries(RINGS)) {
      const outcome = await hq.post('/api/notices/preview', {
        targeting: { polygons: [ring] },
      });
      expectHandled(`notice polygon ${name}`, outcome);
      if (name === 'vertices1999') expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    }
  });

  it('refuses a body far over the size limit with a named 413', async () => {
    const huge = capPolygon(manyVertices(100_000));
    const outcome = await hq.post('/api/alerts/preview', { area: [{ areaDesc: 'huge', polygon: [huge] }] });
    expect(outcome.status).toBe(413);
    expect(outcome.body).toMatchObject({ error: { id: 'payload_too_large' } });
  });
});
