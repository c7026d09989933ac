/**
 * Several server processes on one PostgreSQL and one Redis, as in production: events cross nodes,
 * a killed node loses nothing residents cannot catch up, run-once jobs run once, and login limits
 * hold per account whichever node is asked. Needs DATABASE_URL (the embedded database is one
 * process) and Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379).
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import { evacuationOrder } from './support/cap-alerts.js';
import type { Position } from '../geo/src/geometry.js';
import type { Database } from '../server/src/db/database.js';
import { hashPassword } from '../server/src/modules/auth/password.js';
import { cardToken } from '../server/src/modules/checkins/card-token.js';
import type {
  AlertExpiredEvent,
  FamilyUpdateEvent,
  InboxNewEvent,
  ShelterOccupancyEvent,
} from '../server/src/realtime/events.js';
import { openTestDatabase } from './support/database.js';
import {
  buildCard,
  buildMunicipality,
  buildMunicipalityWithBoundary,
  buildResident,
  buildResidentsAt,
  buildShelter,
  buildUser,
  randomCardUid,
  type BuiltMunicipality,
} from './support/factories.js';
import { HttpClient } from './support/http-client.js';
import { startServerNode, TEST_REDIS_URL, type ServerNode } from './support/server-nodes.js';

const CARD_SECRET = randomBytes(32).toString('hex');

const waitFor = async <T>(read: () => T | undefined | false, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(!process.env.DATABASE_URL)('several server nodes on one database and one Redis', () => {
  let db: Database;
  const nodes: Record<'a' | 'b' | 'c', ServerNode> = {} as never;
  const sockets: Socket[] = [];
  let town: BuiltMunicipality;
  let hqUser: { username: string; password: string };
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_URL: TEST_REDIS_URL,
    // Pub/sub channels and keys of this run only: other runs may share the Redis.
    REDIS_KEY_PREFIX: `test-scale-${randomUUID().slice(0, 8)}`,
    CARD_TOKEN_SECRET: CARD_SECRET,
    // The job engine's tables of this run only.
    JOBS_SCHEMA: `jobs_test_${randomUUID().slice(0, 8).replace(/-/g, '')}`,
  };

  function open(node: ServerNode, cookie?: string, nsp = ''): Promise<Socket> {
    const socket = connect(`${node.url}${nsp}`, {
      transports: ['websocket'],
      // A connection of its own: the client would otherwise share one per server URL.
      forceNew: true,
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  async function signedIn(node: ServerNode, user: { username: string; password: string }) {
    const client = new HttpClient(node.url);
    await client.login(user.username, user.password);
    return client;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    // One first: a fresh database gets its reference data loaded by one node, not raced by three.
    nodes.a = await startServerNode('a', env);
    [nodes.b, nodes.c] = await Promise.all([startServerNode('b', env), startServerNode('c', env)]);
    town = await buildMunicipality(db);
    hqUser = await buildUser(db, { role: 'hq_operator' });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(Object.values(nodes).map((node) => node.kill('SIGTERM')));
    await db?.close();
  });

  async function readerOn(node: ServerNode, shelterId: string) {
    const staff = await signedIn(
      node,
      await buildUser(db, { role: 'shelter_staff', shelterIds: [shelterId] }),
    );
    const { status, body } = await staff.post(`/api/shelters/${shelterId}/readers`, {
      name: 'Entrance',
      mode: 'toggle',
    });
    expect(status).toBe(201);
    const socket = connect(`${node.url}/readers`, {
      transports: ['websocket'],
      // A connection of its own: the client would otherwise share one per server URL.
      forceNew: true,
      auth: { deviceKey: (body as { deviceKey: string }).deviceKey },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('reader:config', resolve);
      socket.once('connect_error', reject);
    });
    return (cardUid: string) =>
      socket.emitWithAck('tap', {
        eventId: randomUUID(),
        cardUid,
        tappedAt: new Date().toISOString(),
      }) as Promise<{
        outcome: string;
      }>;
  }

  async function residentWithCard() {
    const resident = await buildResident(db, { municipality: town });
    const uid = randomCardUid();
    await buildCard(db, { residentId: resident.id, token: cardToken(CARD_SECRET, uid) });
    return { residentId: resident.id, uid };
  }

  it('a tap on node A reaches an HQ socket on node B', async () => {
    const shelter = await buildShelter(db, { municipality: town, capacity: 10 });
    const tap = await readerOn(nodes.a, shelter.id);
    const hqSocket = await open(nodes.b, (await signedIn(nodes.b, hqUser)).cookieHeader);
    const pushed = new Promise<ShelterOccupancyEvent>((resolve) =>
      hqSocket.on('shelter:occupancy', (event: ShelterOccupancyEvent) => {
        if (event.shelterId === shelter.id) resolve(event);
      }),
    );
    const person = await residentWithCard();
    expect(await tap(person.uid)).toMatchObject({ outcome: 'checked_in' });
    expect(await pushed).toMatchObject({ shelterId: shelter.id, occupancy: 1 });
  });

  it('a family update crosses nodes: a tap on node A reaches the person’s own socket on node B', async () => {
    const shelter = await buildShelter(db, { municipality: town, capacity: 10 });
    const tap = await readerOn(nodes.a, shelter.id);
    const person = await residentWithCard();
    const account = await buildUser(db, { role: 'resident', residentId: person.residentId });
    const socket = connect(nodes.b.url, {
      transports: ['websocket'],
      // A connection of its own: the client would otherwise share one per server URL.
      forceNew: true,
      extraHeaders: { cookie: (await signedIn(nodes.b, account)).cookieHeader! },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('family:subscribed', resolve));
    const updates: FamilyUpdateEvent[] = [];
    socket.on('family:update', (event: FamilyUpdateEvent) => updates.push(event));
    await tap(person.uid);
    expect(await waitFor(() => updates[0])).toMatchObject({ residentId: person.residentId });
  });

  // Warnings: a patch of ground of our own, far from every other test's people.
  const O: Position = [150 + randomInt(1000) / 100, 30 + randomInt(500) / 100];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];
  const box = formatCapPolygon([at(0, 0), at(0.05, 0), at(0.05, 0.05), at(0, 0.05)]);
  const capAlert = (expires: Date) => evacuationOrder(box, { expires });

  /** Residents at home inside the box, each with an account and an open session (no password round). */
  async function residentsWithSessions(count: number): Promise<{ residentId: string; cookie: string }[]> {
    const homes = Array.from({ length: count }, (_, i): Position =>
      at(0.01 + (i % 30) * 0.001, 0.01 + i * 0.0001),
    );
    const residentIds = await buildResidentsAt(db, homes);
    const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
    const sessionIds = residentIds.map(() => randomBytes(32).toString('base64url'));
    await db.query(
      `WITH u AS (
         INSERT INTO users (username, password_hash, display_name, role, resident_id)
         SELECT 'scale-' || r, $2, 'Test resident', 'resident', r FROM unnest($1::uuid[]) AS r
         RETURNING id, resident_id)
       INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
       SELECT s.hash, u.id, 'csrf-' || s.hash, now() + interval '1 hour'
         FROM unnest($1::uuid[], $3::text[]) AS s (resident_id, hash) JOIN u USING (resident_id)`,
      [residentIds, passwordHash, sessionIds.map((id) => createHash('sha256').update(id).digest('hex'))],
    );
    return residentIds.map((residentId, i) => ({ residentId, cookie: `sid=${sessionIds[i]}` }));
  }

  it('a warning issued on node B reaches a resident on node A', async () => {
    await buildMunicipalityWithBoundary(db, {
      type: 'MultiPolygon',
      coordinates: [[[at(-0.1, -0.1), at(0.2, -0.1), at(0.2, 0.2), at(-0.1, 0.2), at(-0.1, -0.1)]]],
    });
    const [resident] = await residentsWithSessions(1);
    const socket = await open(nodes.a, resident!.cookie);
    const received: InboxNewEvent[] = [];
    socket.on('inbox:new', (event: InboxNewEvent) => received.push(event));
    const hq = await signedIn(nodes.b, hqUser);
    const issued = await hq.post('/api/alerts', capAlert(new Date(Date.now() + 3600_000)));
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ targeted: 1, pushed: 1 });
    const alertId = (issued.body as { alert: { id: string } }).alert.id;
    expect(await waitFor(() => received.find((event) => event.alertId === alertId))).toMatchObject({
      kind: 'alert',
      action: 'alert',
    });
  });

  it('a scheduled job runs exactly once with three nodes up', async () => {
    const hqSockets = await Promise.all(
      [nodes.a, nodes.b].map(async (node) => open(node, (await signedIn(node, hqUser)).cookieHeader)),
    );
    const expired: AlertExpiredEvent[][] = hqSockets.map(() => []);
    hqSockets.forEach((socket, i) =>
      socket.on('alert:expired', (event: AlertExpiredEvent) => expired[i]!.push(event)),
    );
    const hq = await signedIn(nodes.c, hqUser);
    const issued = await hq.post('/api/alerts', capAlert(new Date(Date.now() + 1500)));
    expect(issued.status).toBe(201);
    const alertId = (issued.body as { alert: { id: string } }).alert.id;

    // Every node sends the 30-second warning expiry every 10 s; one job per slot, on one node.
    const expiredAt = async () =>
      (await db.query<{ expired_at: Date | null }>('SELECT expired_at FROM alerts WHERE id = $1', [alertId]))
        .rows[0]!.expired_at;
    const until = Date.now() + 45_000;
    while ((await expiredAt()) === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    // More sends from every node in the meantime: still one mark, one event per HQ socket.
    await new Promise((r) => setTimeout(r, 3500));
    const { rows: slots } = await db.query<{ jobs: number; retried: number }>(
      `SELECT count(*)::int AS jobs, count(*) FILTER (WHERE retry_count > 0)::int AS retried
         FROM ${env.JOBS_SCHEMA}.job WHERE name = 'warning-expiry' GROUP BY singleton_on`,
    );
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) expect(slot).toEqual({ jobs: 1, retried: 0 });
    const { rows } = await db.query<{ expired_at: Date | null }>(
      'SELECT expired_at FROM alerts WHERE id = $1',
      [alertId],
    );
    expect(rows[0]!.expired_at).not.toBeNull();
    for (const events of expired) expect(events.filter((event) => event.alertId === alertId)).toHaveLength(1);
  });

  it('login limits hold per account across nodes', async () => {
    const user = await buildUser(db, { role: 'hq_operator' });
    // Round robin over three nodes: by the twelfth guess each node has seen four, fewer than the
    // five free ones a node counting alone would allow. Past the shared five, each further guess
    // waits twice as long as the one before (2 s, 4 s, 8 s, …), far longer than a guess takes.
    const order = [nodes.a, nodes.b, nodes.c];
    let refused: { status: number; body: unknown } | null = null;
    let guesses = 0;
    while (!refused && guesses < 12) {
      const node = order[guesses % order.length]!;
      const attempt = await new HttpClient(node.url).post('/api/auth/login', {
        username: user.username,
        password: 'guess',
      });
      guesses += 1;
      if (attempt.status === 429) refused = attempt;
      else expect(attempt.status).toBe(401);
    }
    expect(guesses).toBeGreaterThan(5);
    expect(refused).toMatchObject({ status: 429, body: { error: { id: 'rate_limited' } } });
  });

  it('a node killed during a warning fan-out: its residents reconnect elsewhere and hold the warning once', async () => {
    const residents = await residentsWithSessions(150);
    type Follower = {
      residentId: string;
      cookie: string;
      positions: Map<number, string | null>;
      cursor: number;
    };
    const followers: Follower[] = residents.map((r) => ({ ...r, positions: new Map(), cursor: 0 }));

    // What the web client does: take pushes, and on every connect catch up after the last position.
    const catchUp = async (node: ServerNode, follower: Follower) => {
      const response = await fetch(`${node.url}/api/me/inbox?after=${follower.cursor}`, {
        headers: { cookie: follower.cookie },
      });
      expect(response.status).toBe(200);
      const { entries } = (await response.json()) as {
        entries: { position: number; alertId: string | null }[];
      };
      for (const entry of entries) {
        follower.positions.set(entry.position, entry.alertId);
        follower.cursor = Math.max(follower.cursor, entry.position);
      }
    };
    const follow = async (node: ServerNode, follower: Follower) => {
      const socket = await open(node, follower.cookie);
      socket.on('inbox:new', (event: InboxNewEvent) => {
        follower.positions.set(event.position, event.alertId);
        follower.cursor = Math.max(follower.cursor, event.position);
      });
      await catchUp(node, follower);
      return socket;
    };
    const onC = await Promise.all(followers.map((follower) => follow(nodes.c, follower)));

    const hq = await signedIn(nodes.c, hqUser);
    const alert = capAlert(new Date(Date.now() + 3600_000));
    const firstPush = new Promise<void>((resolve) =>
      onC.forEach((socket) => socket.once('inbox:new', () => resolve())),
    );
    const request = hq.post('/api/alerts', alert).catch((error: unknown) => error);
    // Kill node C as the first pushes leave it: the rest of its fan-out never happens.
    await Promise.race([firstPush, request]);
    await nodes.c.kill('SIGKILL');
    const outcome = await request;

    // HQ does not know whether it was committed: it sends the same message again on another node.
    if (!(typeof outcome === 'object' && outcome !== null && 'status' in outcome && outcome.status === 201)) {
      const again = await (await signedIn(nodes.a, hqUser)).post('/api/alerts', alert);
      expect([201, 409]).toContain(again.status);
    }
    const { rows } = await db.query<{ id: string }>('SELECT id FROM alerts WHERE identifier = $1', [
      alert.identifier,
    ]);
    expect(rows).toHaveLength(1);
    const alertId = rows[0]!.id;

    // Every socket of node C dropped; each resident reconnects to node A and catches up.
    await waitFor(() => onC.every((socket) => !socket.connected));
    await Promise.all(followers.map((follower) => follow(nodes.a, follower)));
    for (const follower of followers) {
      const held = [...follower.positions.values()].filter((id) => id === alertId);
      expect(held).toHaveLength(1);
    }
    const { rows: entries } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbox_items WHERE alert_id = $1 AND resident_id = ANY ($2::uuid[])`,
      [alertId, followers.map((follower) => follower.residentId)],
    );
    expect(entries[0]!.n).toBe(followers.length);
  });
});
