import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../server/src/http/route.js';
import { LETTERS_QUEUE } from '../server/src/modules/enrolment/letters/letters.job.js';
import { POST_LETTERS_QUEUE, POST_LETTERS_WATCH_QUEUE } from '../contract/post/post.schema.js';
import {
  buildCard,
  randomCardUid,
  buildMunicipality,
  buildResident,
  buildShelter,
} from './support/factories.js';
import {
  SeenIds,
  countHandlerCalls,
  databaseFingerprint,
  routeName,
  segmentBefore,
  settledFingerprint,
  throwAwayActor,
} from './support/fuzz-reach.js';
import { evacuationOrder } from './support/cap-alerts.js';
import type { HttpClient } from './support/http-client.js';
import {
  RAW_HOSTILE_BODIES,
  hostileJson,
  hostileObjectWithKeys,
  hostileSegment,
} from './support/hostile-input.js';
import { mutated, validShaped } from './support/schema-samples.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Every REST route, taken from the router's own specs (the same list the OpenAPI document is built
 * from, so a new route is fuzzed without touching this file), gets requests generated from its own
 * schemas: valid-shaped ones (real ids from earlier answers in the path and the body) so that its
 * handler runs, the same broken in one place, and hostile ones. Invariants: never a 5xx, every
 * error carries a stable id, a rejected request changes nothing in the database, no payload
 * pollutes Object.prototype, and every route's handler is reached.
 */

const RUNS = { valid: 10, mutated: 5, hostile: 5 };
/** Printed with every failure; `FUZZ_SEED=… npx vitest run test/fuzz-rest.test.ts` replays a run. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ERROR_ID = /^[a-z][a-z0-9_]*$/;
/**
 * Routes that end or rotate the caller's own session (or every session of the account): each is
 * fuzzed by throw-away actors, a new one whenever the last one's session ended. Any other route
 * that ends its actor's session fails the run.
 */
const SESSION_ENDING = new Set(['post /auth/logout', 'post /auth/logout-everywhere', 'post /me/password']);
/**
 * Known-good bodies for routes whose rules span several fields (a CAP alert needs a Japanese and
 * an English info, an area, a closed polygon in CAP's own text format, …), which values generated
 * field by field almost never meet. Half of such a route's valid-shaped requests use one.
 */
const TOWN_POLYGON = '36.9,136.8 36.9,137.1 37.2,137.1 37.2,136.8 36.9,136.8';
const EXAMPLE_BODIES: Record<string, () => unknown> = {
  'post /alerts': () => evacuationOrder(TOWN_POLYGON),
  'post /alerts/preview': () => ({ area: [{ areaDesc: 'テスト地区', polygon: [TOWN_POLYGON] }] }),
  'post /notices': () => ({
    texts: { ja: { title: '給水所のお知らせ', body: '小学校で給水しています。' } },
    link: '/relief',
    endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    targeting: { ageMin: 20 },
  }),
};
/** Routes whose handler no generated request can reach, with the reason. Keep it empty. */
const UNREACHABLE_ROUTES: Record<string, string> = {};

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

/** Percent-encodes a segment; a lone surrogate goes out as the invalid UTF-8 it would be. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** `?a=1&b=x` from a generated query object (arrays as repeated keys). */
function queryString(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const search = new URLSearchParams();
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined) continue;
      search.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item as string | number));
    }
  }
  const text = search.toString();
  return text ? `?${text.slice(0, 4_000)}` : '';
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

describe('fuzzing every REST route', () => {
  let t: TestServer;
  let actors: Record<'anonymous' | 'resident' | 'shelter_staff' | 'hq_operator' | 'admin', HttpClient>;
  let handlerCalls: Map<string, number>;
  const seen = new SeenIds();
  const sent = new Map<string, number>();
  const reached = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestServer({
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent',
      TRUST_PROXY: '1',
      // No escalation steps: their jobs write deliveries up to a poll after a warning's answer,
      // which the "a refused request changes nothing" check would take for the next request's.
      ESCALATION_POLICY: JSON.stringify({
        policies: Object.fromEntries(
          ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown', 'Notice'].map((key) => [key, []]),
        ),
      }),
    });
    // A letter batch the fuzzer creates (enrolment letters, letters by post) would be worked in
    // the background and change the database between a rejected request's before and after: its
    // batches stay waiting here.
    for (const queue of [LETTERS_QUEUE, POST_LETTERS_QUEUE, POST_LETTERS_WATCH_QUEUE]) {
      await t.server.jobs.boss.offWork(queue);
    }
    handlerCalls = countHandlerCalls(t.server.api.specs);
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
      resident: await throwAwayActor(t, { role: 'resident', residentId: resident.id }),
      shelter_staff: await throwAwayActor(t, { role: 'shelter_staff', shelterIds: [shelter.id] }),
      hq_operator: await throwAwayActor(t, { role: 'hq_operator' }),
      admin: await throwAwayActor(t, { role: 'admin' }),
    };
    const reader = await actors.shelter_staff.post(`/api/shelters/${shelter.id}/readers`, {
      name: 'fuzz reader',
    });
    seen.harvest(
      t.server.api.specs.find((spec) => spec.path === '/shelters/:shelterId/readers')!,
      reader.body,
    );
    seen.add('shelterId', shelter.id);
    seen.add('residentId', resident.id);
    seen.add('residentId', relative.id);
    seen.add('cardId', cardId);
    seen.add('position', 1);
    // A link field must be a site path or an https address, which random text never is.
    seen.add('link', '/relief');
    seen.add('link', 'https://www.city.example.lg.jp/bousai.html');
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

  const paramNames = (spec: RouteSpec) =>
    [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
  const hintsFor = (spec: RouteSpec) => (name: string) => seen.forName(name, segmentBefore(spec.path, name));

  function fillPath(spec: RouteSpec, values: Record<string, string>): string {
    let path = spec.path;
    for (const name of paramNames(spec))
      path = path.replace(`:${name}`, encodePathSegment(values[name] ?? ''));
    return `/api${path}`;
  }

  /** Path parameters that exist where any were seen, else generated from the params schema. */
  function validPath(spec: RouteSpec): fc.Arbitrary<string> {
    const names = paramNames(spec);
    if (names.length === 0) return fc.constant(`/api${spec.path}`);
    const generated = spec.params ? validShaped(spec.params, hintsFor(spec)) : fc.constant({});
    return fc.tuple(generated, fc.nat()).map(([params, pick]) => {
      const values: Record<string, string> = {};
      for (const name of names) {
        const known = hintsFor(spec)(name);
        const fromSchema = (params as Record<string, string | number> | null)?.[name];
        values[name] = String(known.length > 0 ? known[pick % known.length]! : (fromSchema ?? '1'));
      }
      return fillPath(spec, values);
    });
  }

  function hostilePath(spec: RouteSpec): fc.Arbitrary<string> {
    const names = paramNames(spec);
    if (names.length === 0) return fc.constant(`/api${spec.path}`);
    return fc
      .tuple(...names.map((name) => hostileSegment(hintsFor(spec)(name).map(String))))
      .map((values) => fillPath(spec, Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']))));
  }

  const validQuery = (spec: RouteSpec) =>
    spec.query ? validShaped(spec.query, hintsFor(spec)).map(queryString) : fc.constant('');
  function validBody(spec: RouteSpec): fc.Arbitrary<unknown> {
    if (!spec.body) return fc.constant({});
    const generated = validShaped(spec.body, hintsFor(spec));
    const example = EXAMPLE_BODIES[routeName(spec)];
    return example
      ? fc.oneof(
          generated,
          fc.constant(null).map(() => example()),
        )
      : generated;
  }

  const hostileQuery = (spec: RouteSpec) =>
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
      .map(queryString);

  const hostileBody = (spec: RouteSpec) =>
    fc
      .oneof(hostileObjectWithKeys(schemaKeys(spec.body)), hostileJson)
      .map((body) => JSON.stringify(body) ?? 'null');

  /** Sampled when the route's turn comes, so its ids are those earlier answers named. */
  function requestsFor(spec: RouteSpec): { url: string; body: string }[] {
    const seed = SEED;
    const valid = fc.sample(fc.tuple(validPath(spec), validQuery(spec), validBody(spec)), {
      numRuns: RUNS.valid,
      seed,
    });
    const broken = fc.sample(
      fc.tuple(
        validPath(spec),
        fc.oneof(
          validQuery(spec),
          spec.query ? mutated(validShaped(spec.query, hintsFor(spec))).map(queryString) : fc.constant(''),
        ),
        mutated(validBody(spec)),
      ),
      { numRuns: RUNS.mutated, seed },
    );
    const hostile = fc.sample(fc.tuple(hostilePath(spec), hostileQuery(spec), hostileBody(spec)), {
      numRuns: RUNS.hostile,
      seed,
    });
    const requests = [
      ...[...valid, ...broken].map(([path, query, body]) => ({
        url: path + query,
        body: JSON.stringify(body) ?? 'null',
      })),
      ...hostile.map(([path, query, body]) => ({ url: path + query, body })),
    ];
    const fixedPath = valid[0]?.[0] ?? `/api${spec.path}`;
    for (const raw of RAW_HOSTILE_BODIES) requests.push({ url: fixedPath, body: raw });
    return requests;
  }

  /**
   * Sends the route's requests with `actor()`; `renew` asks for a new actor after an answer that
   * may have ended the last one's session.
   */
  async function fuzzRoute(spec: RouteSpec, actor: () => Promise<HttpClient>, renew = false): Promise<void> {
    const route = routeName(spec);
    const method = spec.method.toUpperCase();
    const hasBody = method !== 'GET' && method !== 'DELETE';
    let client = await actor();
    const callsBefore = handlerCalls.get(route) ?? 0;
    let before = await databaseFingerprint(t.db);
    for (const request of requestsFor(spec)) {
      const what = `${request.url} ${hasBody ? request.body : ''}`;
      const outcome = await client.request(method, request.url, hasBody ? { rawBody: request.body } : {});
      sent.set(route, (sent.get(route) ?? 0) + 1);
      checkOutcome(route, what, outcome);
      let after: string;
      if (outcome.status < 400) {
        seen.harvest(spec, outcome.body);
        if (renew) client = await actor();
        after = await settledFingerprint(t.db);
      } else {
        after = await databaseFingerprint(t.db);
        expect(
          after,
          `${route} changed the database although it answered ${outcome.status} to ${what.slice(0, 300)}`,
        ).toBe(before);
      }
      before = after;
    }
    // Only this route's own requests: sign-ins and session checks around them are not counted.
    reached.set(route, (reached.get(route) ?? 0) + (handlerCalls.get(route) ?? 0) - callsBefore);
  }

  /** Routes without path parameters first (they create and list what the others name), deletions last. */
  function inFuzzingOrder(specs: RouteSpec[]): RouteSpec[] {
    const rank = (spec: RouteSpec) =>
      (spec.path.includes(':') ? 2 : 0) +
      (spec.method === 'get' ? 0 : 1) +
      (spec.method === 'delete' ? 2 : 0);
    return [...specs].sort((a, b) => rank(a) - rank(b));
  }

  it('never answers 5xx, always names the error and changes nothing when it rejects', async () => {
    const specs = t.server.api.specs.filter((spec) => !SESSION_ENDING.has(routeName(spec)));
    expect(specs.length).toBeGreaterThan(40);
    for (const spec of inFuzzingOrder(specs)) {
      const client = actorFor(spec);
      await fuzzRoute(spec, () => Promise.resolve(client));
      if (client !== actors.anonymous) {
        expect(
          (await client.get('/api/me')).status,
          `${routeName(spec)} ended the session of the actor fuzzing it: list it in SESSION_ENDING`,
        ).toBe(200);
      }
    }
    const health = await t.client().get('/healthz');
    expect(health.status).toBe(200);
  }, 600_000);

  it('fuzzes the routes that end or rotate a session with throw-away actors', async () => {
    for (const spec of t.server.api.specs.filter((candidate) => SESSION_ENDING.has(routeName(candidate)))) {
      await fuzzRoute(spec, () => throwAwayActor(t, { role: 'hq_operator' }), true);
    }
  }, 300_000);

  it('reaches the handler of every route past authentication and validation', () => {
    const rows = t.server.api.specs.map((spec) => ({
      route: routeName(spec),
      access: spec.access === 'public' ? 'public' : 'signed-in',
      reached: reached.get(routeName(spec)) ?? 0,
      sent: sent.get(routeName(spec)) ?? 0,
    }));
    const counts = rows.map((row) => row.reached);
    console.info(
      [
        `handler reached per route (FUZZ_SEED=${SEED}): ${rows.length} routes, min ${Math.min(...counts)}, median ${median(counts)}`,
        ...rows.map(
          (row) => `  ${String(row.reached).padStart(4)} / ${String(row.sent).padEnd(4)} ${row.route}`,
        ),
      ].join('\n'),
    );
    const unreached = rows.filter((row) => row.reached === 0 && !(row.route in UNREACHABLE_ROUTES));
    expect(unreached.map((row) => `${row.route} (${row.access})`)).toEqual([]);
  });

  it('refuses every signed-in route to an anonymous caller whatever it sends', async () => {
    for (const spec of t.server.api.specs.filter((candidate) => candidate.access !== 'public')) {
      const [path] = fc.sample(validPath(spec), { numRuns: 1, seed: SEED });
      const [body] = fc.sample(hostileBody(spec), { numRuns: 1, seed: SEED });
      const method = spec.method.toUpperCase();
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const outcome = await actors.anonymous.request(
        method,
        path ?? '',
        hasBody ? { rawBody: body ?? '{}' } : {},
      );
      checkOutcome(routeName(spec), body ?? '', outcome);
      // 400 only for a body that is not JSON at all (parsed before any route runs).
      expect(outcome.status, `${routeName(spec)} anonymous`).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses a NUL character in any query or body string by name, before it can reach the database', async () => {
    // Fresh sessions: the fuzzing above may have changed what the shared actors may do.
    const person = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const fresh: typeof actors = {
      anonymous: t.client(),
      resident: await throwAwayActor(t, { role: 'resident', residentId: person.id }),
      shelter_staff: await throwAwayActor(t, {
        role: 'shelter_staff',
        shelterIds: seen.get('shelterId').map(String),
      }),
      hq_operator: await throwAwayActor(t, { role: 'hq_operator' }),
      admin: await throwAwayActor(t, { role: 'admin' }),
    };
    for (const spec of t.server.api.specs.filter((candidate) => !SESSION_ENDING.has(routeName(candidate)))) {
      const route = routeName(spec);
      // Plain path parameters, so the request reaches the route (a hostile segment is refused first).
      const path = `/api${spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => String(hintsFor(spec)(name)[0] ?? '0'))}`;
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
      `/api/shelters/${String(seen.get('shelterId')[0] ?? '')}/occupants?q=%00`,
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
