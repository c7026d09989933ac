import type { RouteSpec } from '../../server/src/http/route.js';
import type { Database } from '../../server/src/db/database.js';
import { buildUser } from './factories.js';
import type { HttpClient } from './http-client.js';
import type { TestServer } from './test-server.js';

/** `post /me/inbox/:position/read` */
export const routeName = (spec: RouteSpec) => `${spec.method} ${spec.path}`;

/**
 * Counts, per route, the requests whose handler ran (past authentication and validation). The
 * router calls `spec.handler` at request time, so wrapping it counts every call of the real
 * handler without changing what it does.
 */
export function countHandlerCalls(specs: readonly RouteSpec[]): Map<string, number> {
  const calls = new Map<string, number>();
  for (const spec of specs) {
    const handler = spec.handler;
    calls.set(routeName(spec), 0);
    spec.handler = (ctx) => {
      calls.set(routeName(spec), (calls.get(routeName(spec)) ?? 0) + 1);
      return handler(ctx);
    };
  }
  return calls;
}

let nextAddress = 1;

/**
 * A client signed in as a new user, from an address of its own (the server trusts
 * X-Forwarded-For here), so the sign-ins of many throw-away actors do not run into the
 * per-address sign-in limit of the fuzzed login route.
 */
export async function throwAwayActor(
  t: TestServer,
  options: Parameters<typeof buildUser>[1],
): Promise<HttpClient> {
  const user = await buildUser(t.db, options);
  const client = t.client();
  const address = `10.77.${Math.floor(nextAddress / 250) % 250}.${(nextAddress % 250) + 1}`;
  nextAddress += 1;
  const { status, body } = await client.request('POST', '/api/auth/login', {
    json: { username: user.username, password: user.password },
    headers: { 'x-forwarded-for': address },
  });
  if (status !== 200) throw new Error(`sign-in of a fuzzing actor failed with ${status}`);
  client.csrfToken = (body as { csrfToken: string }).csrfToken;
  return client;
}

/**
 * Ids and positions seen in successful answers, so later requests name things that exist:
 * `fooId` fields by their name, `id` fields by the last fixed segment of the route they came from
 * (`/me/applications` → `applications`), inbox and need-help positions as `position`.
 */
export class SeenIds {
  private readonly pools = new Map<string, Set<string | number>>();

  add(name: string, value: string | number): void {
    const pool = this.pools.get(name) ?? new Set();
    if (pool.size < 20) pool.add(value);
    this.pools.set(name, pool);
  }

  get(name: string): (string | number)[] {
    return [...(this.pools.get(name) ?? [])];
  }

  /** Values for a path parameter or property called `name` sitting after `segment` in a path. */
  forName(name: string, segment = ''): (string | number)[] {
    const byName = this.get(name);
    if (name !== 'id') return byName;
    return [...byName, ...this.get(segment), ...this.get(`${segment.replace(/s$/, '')}Id`)];
  }

  harvest(spec: RouteSpec, body: unknown): void {
    const segment = lastFixedSegment(spec.path);
    const visit = (value: unknown, depth: number, underRoute: boolean) => {
      if (depth > 3 || value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) {
        for (const item of value.slice(0, 20)) visit(item, depth + 1, underRoute);
        return;
      }
      for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
        if (key === 'id' && typeof field === 'string' && underRoute) this.add(segment, field);
        else if (/Id$/.test(key) && typeof field === 'string') this.add(key, field);
        else if (key === 'position' && typeof field === 'number') this.add('position', field);
        else visit(field, depth + 1, underRoute && depth < 1);
      }
    };
    visit(body, 0, true);
  }
}

/** `/me/applications/:id/attachments/:attachmentId` → `attachments`. */
export function lastFixedSegment(path: string): string {
  return (
    path
      .split('/')
      .filter((part) => part && !part.startsWith(':'))
      .pop() ?? ''
  );
}

/** The fixed segment right before `:name` in `path`. */
export function segmentBefore(path: string, name: string): string {
  const parts = path.split('/');
  const index = parts.indexOf(`:${name}`);
  return index > 0 ? (parts[index - 1] ?? '') : '';
}

/**
 * Row count and a hash of every row version (ctid + xmin change on any insert, update or delete)
 * of every table but sessions (touched by every signed-in request): cheap enough to take after
 * each request, without reading large columns.
 */
export async function databaseFingerprint(db: Database): Promise<string> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('sessions', 'spatial_ref_sys') ORDER BY table_name`,
  );
  const { rows } = await db.query<{ fingerprint: string }>(
    `SELECT string_agg(part, ',' ORDER BY part) AS fingerprint FROM (${tables
      .map(
        ({ name }) =>
          `SELECT '${name}:' || count(*) || ':' || coalesce(sum(hashtext(ctid::text || xmin::text)::bigint), 0) AS part FROM ${name}`,
      )
      .join(' UNION ALL ')}) parts`,
  );
  return rows[0]?.fingerprint ?? '';
}

/**
 * The fingerprint once work a successful request left running (writes after the answer, such as
 * a warning's inbox entries) has finished: two equal readings 25 ms apart.
 */
export async function settledFingerprint(db: Database): Promise<string> {
  let previous = await databaseFingerprint(db);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const current = await databaseFingerprint(db);
    if (current === previous) return current;
    previous = current;
  }
  return previous;
}
