import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../server/src/http/route.js';
import type { Database } from '../server/src/db/database.js';
import {
  buildCard,
  randomCardUid,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
} from './support/factories.js';
import { HttpClient } from './support/http-client.js';
import {
  RAW_HOSTILE_BODIES,
  hostileJson,
  hostileObjectWithKeys,
  hostileSegment,
} from './support/hostile-input.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Every REST route, taken from the router's own specs (the same list the OpenAPI document is built
 * from, so a new route is fuzzed without touching this file), gets random valid-shaped and invalid
 * payloads. Invariants: never a 5xx, every error carries a stable id, a rejected request changes
 * nothing in the database, and no payload pollutes Object.prototype.
 */

const RUNS_PER_ROUTE = 12;
/** Printed with every failure; `FUZZ_SEED=… npx vitest run test/fuzz-rest.test.ts` replays a run. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ERROR_ID = /^[a-z][a-z0-9_]*$/;
/** Routes that end the fuzzing actor's own session: fuzzed last, by a throwaway session. */
const SESSION_ENDING = new Set(['post /auth/logout']);

type ZodDef = {
  type?: string;
  shape?: Record<string, unknown>;
  in?: unknown;
  innerType?: unknown;
  options?: unknown[];
};
const defOf = (schema: unknown): ZodDef => (schema as { def?: ZodDef } | undefined)?.def ?? {};

/** The keys a body or query schema knows, looking through pipes, unions and wrappers. */
function schemaKeys(schema: unknown, depth = 0): string[] {
  if (!schema || depth > 5) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape ?? (schema as { shape?: object }).shape ?? {});
    case 'pipe':
      return schemaKeys(def.in, depth + 1);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return schemaKeys(def.innerType, depth + 1);
    case 'union':
      return [...new Set((def.options ?? []).flatMap((option) => schemaKeys(option, depth + 1)))];
    default:
      return [];
  }
}

/**
 * Row count and a hash of every row version (ctid + xmin change on any insert, update or delete)
 * of every table but sessions (touched by every signed-in request): cheap enough to take after
 * each request, without reading large columns.
 */
async function databaseFingerprint(db: Database): Promise<string> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('sessions', 'spatial_ref_sys') ORDER BY table_name`,
  );
  const { rows } = await db.query<{ fingerprint: string }>(
    `SELECT string_agg(part, ',') AS fingerprint FROM (${tables
      .map(
        ({ name }) =>
          `SELECT '${name}:' || count(*) || ':' || coalesce(sum(hashtext(ctid::text || xmin::text)::bigint), 0) AS part FROM ${name}`,
      )
      .join(' UNION ALL ')}) parts`,
  );
  return rows[0]?.fingerprint ?? '';
}

/** Percent-encodes a segment; a lone surrogate goes out as the invalid UTF-8 it would be. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

interface Outcome {
  status: number;
  body: unknown;
}

function checkOutcome(route: string, sent: string, { status, body }: Outcome): void {
  const where = `${route} with ${sent.slice(0, 300)} (FUZZ_SEED=${SEED})`;
  expect(status, where).toBeLessThan(500);
  if (status >= 400) {
    const id = (body as { error?: { id?: unknown } } | undefined)?.error?.id;
    expect(typeof id === 'string' && ERROR_ID.test(id), `${where}: error id ${String(id)}`).toBe(true);
  }
  expect(({} as Record<string, unknown>).polluted, `${where}: Object.prototype polluted`).toBeUndefined();
}

describe('fuzzing every REST route', () => {
  let t: TestServer;
  let actors: Record<'anonymous' | 'resident' | 'shelter_staff' | 'hq_operator' | 'admin', HttpClient>;
  const realIds: Record<string, string[]> = {};

  async function signedIn(options: Parameters<typeof buildUser>[1]): Promise<HttpClient> {
    const user = await buildUser(t.db, options);
    const client = t.client();
    await client.login(user.username, user.password);
    return client;
  }

  beforeAll(async () => {
    t = await startTestServer({ LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent' });
    const town = await buildMunicipality(t.db);
    const shelter = await buildShelter(t.db, { municipality: town, capacity: 50 });
    const resident = await buildResident(t.db, { municipality: town });
    const relative = await buildResident(t.db, { municipality: town, householdId: resident.householdId });
    const cardId = await buildCard(t.db, {
      residentId: relative.id,
      token: t.server.checkins.tokenFor(randomCardUid()),
    });
    actors = {
      anonymous: t.client(),
      resident: await signedIn({ role: 'resident', residentId: resident.id }),
      shelter_staff: await signedIn({ role: 'shelter_staff', shelterIds: [shelter.id] }),
      hq_operator: await signedIn({ role: 'hq_operator' }),
      admin: await signedIn({ role: 'admin' }),
    };
    const reader = await actors.shelter_staff.post(`/api/shelters/${shelter.id}/readers`, {
      name: 'fuzz reader',
    });
    realIds.shelterId = [shelter.id];
    realIds.residentId = [resident.id, relative.id];
    realIds.cardId = [cardId];
    realIds.readerId = [(reader.body as { reader?: { id: string } }).reader?.id ?? ''].filter(Boolean);
    realIds.position = ['1', '0'];
  });
  afterAll(async () => {
    await t?.close();
  });

  function actorFor(spec: RouteSpec, from: typeof actors = actors): HttpClient {
    if (spec.access === 'public') return from.anonymous;
    if (spec.access === 'user') return from.resident;
    for (const role of ['hq_operator', 'admin', 'shelter_staff', 'resident'] as const) {
      if (spec.access.includes(role)) return from[role];
    }
    return from.resident;
  }

  function pathArbitrary(spec: RouteSpec): fc.Arbitrary<string> {
    const names = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
    if (names.length === 0) return fc.constant(`/api${spec.path}`);
    return fc.tuple(...names.map((name) => hostileSegment(realIds[name] ?? []))).map((values) => {
      let path = spec.path;
      names.forEach((name, index) => {
        path = path.replace(`:${name}`, encodePathSegment(values[index] ?? ''));
      });
      return `/api${path}`;
    });
  }

  const queryArbitrary = (spec: RouteSpec) =>
    fc
      .dictionary(
        fc.oneof(fc.constantFrom(...schemaKeys(spec.query), 'x'), fc.string({ maxLength: 8 })),
        fc.oneof(
          fc.string({ maxLength: 60, unit: 'grapheme' }),
          hostileSegment([]),
          fc.constantFrom('-1', '1e9', 'true', '[]', '{}'),
        ),
        { maxKeys: 4 },
      )
      .map((query) => {
        const search = new URLSearchParams(query).toString();
        return search ? `?${search.slice(0, 4_000)}` : '';
      });

  const bodyArbitrary = (spec: RouteSpec) =>
    fc
      .oneof(hostileObjectWithKeys(schemaKeys(spec.body)), hostileJson)
      .map((body) => JSON.stringify(body) ?? 'null');

  async function fuzzRoute(spec: RouteSpec, client: HttpClient): Promise<void> {
    const route = `${spec.method} ${spec.path}`;
    const method = spec.method.toUpperCase();
    const sample = fc.sample(fc.tuple(pathArbitrary(spec), queryArbitrary(spec), bodyArbitrary(spec)), {
      numRuns: RUNS_PER_ROUTE,
      seed: SEED,
    });
    const requests = sample.map(([path, query, body]) => ({ url: path + query, body }));
    const fixedPath = fc.sample(pathArbitrary(spec), { numRuns: 1, seed: SEED })[0] ?? `/api${spec.path}`;
    for (const raw of RAW_HOSTILE_BODIES) requests.push({ url: fixedPath, body: raw });

    let before = await databaseFingerprint(t.db);
    for (const request of requests) {
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const sent = `${request.url} ${hasBody ? request.body : ''}`;
      const outcome = await client.request(method, request.url, hasBody ? { rawBody: request.body } : {});
      checkOutcome(route, sent, outcome);
      const after = await databaseFingerprint(t.db);
      if (outcome.status >= 400) {
        expect(
          after,
          `${route} changed the database although it answered ${outcome.status} to ${sent.slice(0, 300)}`,
        ).toBe(before);
      }
      before = after;
    }
  }

  it('never answers 5xx, always names the error and changes nothing when it rejects', async () => {
    const specs = t.server.api.specs.filter((spec) => !SESSION_ENDING.has(`${spec.method} ${spec.path}`));
    expect(specs.length).toBeGreaterThan(40);
    for (const spec of specs) await fuzzRoute(spec, actorFor(spec));
    const health = await t.client().get('/healthz');
    expect(health.status).toBe(200);
  }, 300_000);

  it('refuses every signed-in route to an anonymous caller whatever it sends', async () => {
    for (const spec of t.server.api.specs.filter((candidate) => candidate.access !== 'public')) {
      const [path] = fc.sample(pathArbitrary(spec), { numRuns: 1, seed: SEED });
      const [body] = fc.sample(bodyArbitrary(spec), { numRuns: 1, seed: SEED });
      const method = spec.method.toUpperCase();
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const outcome = await actors.anonymous.request(
        method,
        path ?? '',
        hasBody ? { rawBody: body ?? '{}' } : {},
      );
      checkOutcome(`${spec.method} ${spec.path}`, body ?? '', outcome);
      // 400 only for a body that is not JSON at all (parsed before any route runs).
      expect(outcome.status, `${spec.method} ${spec.path} anonymous`).toBeGreaterThanOrEqual(400);
    }
  });

  it('fuzzes the session-ending routes with a throwaway session', async () => {
    for (const spec of t.server.api.specs.filter((candidate) =>
      SESSION_ENDING.has(`${candidate.method} ${candidate.path}`),
    )) {
      await fuzzRoute(spec, await signedIn({ role: 'hq_operator' }));
    }
  });

  it('refuses a NUL character in any query or body string by name, before it can reach the database', async () => {
    // Fresh sessions: the fuzzing above may have ended the shared actors' sessions.
    const person = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const fresh: typeof actors = {
      anonymous: t.client(),
      resident: await signedIn({ role: 'resident', residentId: person.id }),
      shelter_staff: await signedIn({ role: 'shelter_staff', shelterIds: realIds.shelterId ?? [] }),
      hq_operator: await signedIn({ role: 'hq_operator' }),
      admin: await signedIn({ role: 'admin' }),
    };
    for (const spec of t.server.api.specs.filter(
      (candidate) => !SESSION_ENDING.has(`${candidate.method} ${candidate.path}`),
    )) {
      const route = `${spec.method} ${spec.path}`;
      // Plain path parameters, so the request reaches the route (a hostile segment is refused first).
      const path = `/api${spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => realIds[name]?.[0] ?? '0')}`;
      const method = spec.method.toUpperCase();
      const attempts: { url: string; body?: string }[] = [];
      const queryKey = schemaKeys(spec.query)[0];
      if (queryKey) attempts.push({ url: `${path}?${queryKey}=a%00b` });
      const bodyKey = schemaKeys(spec.body)[0];
      if (bodyKey && method !== 'GET') {
        attempts.push({
          url: path,
          body: JSON.stringify({ [bodyKey]: ['a\u0000b'], note: 'x\u0000' }),
        });
      }
      for (const attempt of attempts) {
        const outcome = await actorFor(spec, fresh).request(
          method,
          attempt.url,
          attempt.body === undefined ? {} : { rawBody: attempt.body },
        );
        checkOutcome(route, attempt.url, outcome);
        // The body is read before the query and the path; a GET has only the query.
        if (attempt.body !== undefined || method === 'GET') {
          expect(outcome, `${route} ${attempt.url}`).toMatchObject({
            status: 400,
            body: { error: { id: 'invalid_character' } },
          });
        }
      }
    }
    const occupants = await fresh.hq_operator.get(
      `/api/shelters/${realIds.shelterId?.[0] ?? ''}/occupants?q=%00`,
    );
    expect(occupants).toMatchObject({ status: 400, body: { error: { id: 'invalid_character' } } });
  });

  it('answers unknown API paths and methods with a named 404', async () => {
    for (const path of ['/api/nope', '/api/..%2Fetc%2Fpasswd', '/api/%00', '/api/shelters/%E0%A4%A']) {
      checkOutcome('unknown', path, await actors.hq_operator.get(path));
    }
    checkOutcome(
      'unknown method',
      'PUT /api/shelters',
      await actors.hq_operator.request('PUT', '/api/shelters'),
    );
  });
});
