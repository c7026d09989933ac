import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildShelter, type BuiltMunicipality } from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface ErrorBody {
  error: { id: string; message: string };
}

describe('public API', () => {
  let t: TestServer;
  let town: BuiltMunicipality;
  let shelters: { id: string; name: string; lon: number; lat: number }[];

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
    shelters = [
      await buildShelter(t.db, { municipality: town, capacity: 120 }),
      await buildShelter(t.db, {
        municipality: town,
        kind: 'emergency_site',
        capacity: null,
        status: 'closed',
      }),
    ];
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health with the database kind and PostGIS version', async () => {
    const { status, body } = await t.client().get('/healthz');
    expect(status).toBe(200);
    const health = body as { status: string; database: string; postgis: string };
    expect(health.status).toBe('ok');
    expect(health.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'embedded');
    expect(health.postgis).toMatch(/^3\.\d+/);
  });

  it('lists shelters of a municipality as GeoJSON', async () => {
    const { status, body, headers } = await t.client().get(`/api/shelters?municipality=${town.code}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/geo+json');
    const collection = body as {
      type: string;
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(2);
    const first = collection.features.find((f) => f.properties.id === shelters[0]!.id)!;
    expect(first.properties).toEqual({
      id: shelters[0]!.id,
      name: shelters[0]!.name,
      kind: 'designated_shelter',
      municipalityCode: town.code,
      capacity: 120,
      occupancy: 0,
      status: 'open',
    });
    expect(first.geometry.coordinates[0]).toBeCloseTo(shelters[0]!.lon, 6);
    expect(first.geometry.coordinates[1]).toBeCloseTo(shelters[0]!.lat, 6);
  });

  it('filters shelters by bbox, kind and status', async () => {
    const s = shelters[0]!;
    const bbox = [s.lon - 0.0001, s.lat - 0.0001, s.lon + 0.0001, s.lat + 0.0001].join(',');
    const inBox = await t.client().get(`/api/shelters?bbox=${bbox}`);
    const ids = (inBox.body as { features: { id: string }[] }).features.map((f) => f.id);
    expect(ids).toContain(s.id);
    expect(ids).not.toContain(shelters[1]!.id);

    const closed = await t
      .client()
      .get(`/api/shelters?municipality=${town.code}&status=closed&kind=emergency_site`);
    expect((closed.body as { features: { id: string }[] }).features.map((f) => f.id)).toEqual([
      shelters[1]!.id,
    ]);
  });

  it.each([
    ['municipality=abc', 'query.municipality'],
    ['bbox=1,2,3', 'query.bbox'],
    ['bbox=10,10,5,5', 'query.bbox'],
    ['kind=castle', 'query.kind'],
    ['unknown=1', 'query'],
    ['municipality=17202&municipality=17201', 'query.municipality'],
  ])('rejects bad query %s with a stable error id', async (query, path) => {
    const { status, body } = await t.client().get(`/api/shelters?${query}`);
    expect(status).toBe(400);
    expect((body as ErrorBody).error.id).toBe('validation_failed');
    expect((body as ErrorBody).error.message).toContain(path);
  });

  it('serves an OpenAPI 3.1 document covering every API route', async () => {
    const { status, body } = await t.client().get('/api/openapi.json');
    expect(status).toBe(200);
    const doc = body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const mounted = t.server.api.specs.map(
      (spec) => `${spec.method.toUpperCase()} /api${spec.path.replace(/:(\w+)/g, '{$1}')}`,
    );
    expect(documented.sort()).toEqual(mounted.sort());
    expect(documented).toEqual(
      expect.arrayContaining(['GET /api/shelters', 'POST /api/auth/login', 'GET /api/me']),
    );
    const login = doc.paths['/api/auth/login']!.post as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(login.requestBody.content['application/json']!.schema.required).toEqual(['username', 'password']);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const { status, body } = await t.client().get('/api/nothing-here');
    expect(status).toBe(404);
    expect((body as ErrorBody).error.id).toBe('not_found');
  });

  it('sets security headers', async () => {
    const { headers } = await t.client().get('/healthz');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('x-powered-by')).toBeNull();
  });
});

describe('bad input', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: [
    string,
    { rawBody?: string; json?: unknown; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    ['malformed JSON', { rawBody: '{"username": "a", ' }, 400, 'malformed_json'],
    ['a JSON array', { rawBody: '[1,2,3]' }, 400, 'validation_failed'],
    ['wrong types', { json: { username: 42, password: true } }, 400, 'validation_failed'],
    ['unknown fields', { json: { username: 'a', password: 'b', admin: true } }, 400, 'validation_failed'],
    ['missing fields', { json: {} }, 400, 'validation_failed'],
    [
      'an oversized body',
      { json: { username: 'a', password: 'x'.repeat(200_000) } },
      413,
      'payload_too_large',
    ],
  ];

  it.each(cases)('answers %s with a clear error and keeps running', async (_name, request, status, id) => {
    const response = await t.client().request('POST', '/api/auth/login', request);
    expect(response.status).toBe(status);
    const body = response.body as ErrorBody;
    expect(body.error.id).toBe(id);
    expect(typeof body.error.message).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    expect((await t.client().get('/healthz')).status).toBe(200);
  });
});
