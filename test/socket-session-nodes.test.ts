/**
 * Sockets follow their credentials across nodes: a logout or a key rotation handled by one node
 * ends the sockets held by another (through the Redis adapter), and the anonymous socket cap
 * counts the client address behind the proxy on every node together. Needs DATABASE_URL (two
 * processes on one database) and Redis.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { cardToken } from '../server/src/modules/checkins/card-token.js';
import { DEFAULT_SOCKET_LIMITS } from '../server/src/realtime/socket-limits.js';
import { openTestDatabase } from './support/database.js';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomCardUid,
} from './support/factories.js';
import { HttpClient } from './support/http-client.js';
import { startServerNode, TEST_REDIS_URL, type ServerNode } from './support/server-nodes.js';
import { registerReader, tapNow } from './support/readers.js';

const CARD_SECRET = randomBytes(32).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!process.env.DATABASE_URL)('sockets follow their credentials across nodes', () => {
  let db: Database;
  let a: ServerNode;
  let b: ServerNode;
  let shelterId: string;
  let staff: HttpClient;
  const sockets: Socket[] = [];
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `test-follow-${randomUUID().slice(0, 8)}`,
    CARD_TOKEN_SECRET: CARD_SECRET,
    TRUST_PROXY: '1',
  };

  function open(
    node: ServerNode,
    options: { path?: string; cookie?: string; deviceKey?: string; forwardedFor?: string } = {},
  ): Promise<Socket | string> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
    const socket = connect(`${node.url}${options.path ?? ''}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: headers,
      ...(options.deviceKey ? { auth: { deviceKey: options.deviceKey } } : {}),
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  }

  async function opened(node: ServerNode, options: Parameters<typeof open>[1]): Promise<Socket> {
    const result = await open(node, options);
    if (typeof result === 'string') throw new Error(`socket refused: ${result}`);
    return result;
  }

  const disconnected = (socket: Socket, ms = 5_000) =>
    new Promise<string>((resolve, reject) => {
      if (socket.disconnected) return resolve('already');
      const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  async function signedIn(node: ServerNode, options: Parameters<typeof buildUser>[1]) {
    const user = await buildUser(db, options);
    const client = new HttpClient(node.url);
    await client.login(user.username, user.password);
    return client;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await startServerNode('follow-a', env);
    b = await startServerNode('follow-b', env);
    const municipality = await buildMunicipality(db);
    shelterId = (await buildShelter(db, { municipality, capacity: 100 })).id;
    staff = await signedIn(a, { role: 'shelter_staff', shelterIds: [shelterId] });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await db?.close();
  });

  it('a logout on node A ends the staff and resident sockets held on node B', async () => {
    const reader = await opened(a, {
      path: '/readers',
      deviceKey: (await registerReader(staff, shelterId)).deviceKey,
    });
    const resident = await buildResident(db, { municipality: await buildMunicipality(db) });
    const uid = randomCardUid();
    await buildCard(db, { residentId: resident.id, token: cardToken(CARD_SECRET, uid) });
    const staffMember = await signedIn(a, { role: 'shelter_staff', shelterIds: [shelterId] });
    const person = await signedIn(a, { role: 'resident', residentId: resident.id });

    const staffSocket = await opened(b, { cookie: staffMember.cookieHeader! });
    const personSocket = connect(b.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: person.cookieHeader! },
    });
    sockets.push(personSocket);
    await new Promise((resolve) => personSocket.once('family:subscribed', resolve));
    let taps = 0;
    let updates = 0;
    staffSocket.on('shelter:tap', () => (taps += 1));
    personSocket.on('family:update', () => (updates += 1));

    const staffGone = disconnected(staffSocket);
    const personGone = disconnected(personSocket);
    expect((await staffMember.post('/api/auth/logout', {})).status).toBe(204);
    expect((await person.post('/api/auth/logout', {})).status).toBe(204);
    expect(await staffGone).toBe('io server disconnect');
    expect(await personGone).toBe('io server disconnect');

    expect(await tapNow(reader, uid)).toMatchObject({ outcome: 'checked_in' });
    await sleep(500);
    expect({ taps, updates }).toEqual({ taps: 0, updates: 0 });
  });

  it('rotating a reader key on node A cuts off the old key’s socket on node B', async () => {
    const reader = await registerReader(staff, shelterId);
    const oldKeySocket = await opened(b, { path: '/readers', deviceKey: reader.deviceKey });
    const gone = disconnected(oldKeySocket);
    expect((await staff.post(`/api/readers/${reader.id}/rotate-key`, {})).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(await open(b, { path: '/readers', deviceKey: reader.deviceKey })).toBe('reader_key_invalid');
  });

  it('caps anonymous sockets per client address behind the proxy, counted on both nodes together', async () => {
    const cap = DEFAULT_SOCKET_LIMITS.anonymousSocketsPerAddress;
    const visitor = '198.51.100.21';
    const held = await Promise.all(
      Array.from({ length: cap }, (_, i) => open(i % 2 === 0 ? a : b, { forwardedFor: visitor })),
    );
    expect(held.filter((result) => typeof result === 'string')).toEqual([]);
    expect(await open(a, { forwardedFor: visitor })).toBe('too_many_connections');
    expect(await open(b, { forwardedFor: visitor })).toBe('too_many_connections');
    // Everyone else behind the same proxy still gets the public map, on either node.
    expect(typeof (await open(a, { forwardedFor: '198.51.100.22' }))).not.toBe('string');
    expect(typeof (await open(b, { forwardedFor: '198.51.100.23' }))).not.toBe('string');
  });
});
