/**
 * The per-user socket cap holds across nodes sharing Redis: a user cannot get twice the cap by
 * opening sockets on two nodes. Needs DATABASE_URL (two processes on one database) and Redis.
 */
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { DEFAULT_SOCKET_LIMITS } from '../server/src/realtime/socket-limits.js';
import { openTestDatabase } from './support/database.js';
import { buildMunicipality, buildResident, buildUser } from './support/factories.js';
import { HttpClient } from './support/http-client.js';
import { startServerNode, TEST_REDIS_URL, type ServerNode } from './support/server-nodes.js';

describe.skipIf(!process.env.DATABASE_URL)('socket caps across nodes', () => {
  let db: Database;
  let a: ServerNode;
  let b: ServerNode;
  let cookie: string;
  const sockets: Socket[] = [];
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `test-caps-${randomUUID().slice(0, 8)}`,
    CARD_TOKEN_SECRET: randomUUID() + randomUUID(),
  };

  /** Resolves with the socket, or with the refusal's message. */
  function open(node: ServerNode): Promise<Socket | string> {
    const socket = connect(node.url, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: { cookie },
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await startServerNode('caps-a', env);
    b = await startServerNode('caps-b', env);
    const resident = await buildResident(db, { municipality: await buildMunicipality(db) });
    const user = await buildUser(db, { role: 'resident', residentId: resident.id });
    const client = new HttpClient(a.url);
    await client.login(user.username, user.password);
    cookie = client.cookieHeader ?? '';
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await db?.close();
  });

  it('refuses the socket over the cap on either node, and frees a slot for the other node', async () => {
    const cap = DEFAULT_SOCKET_LIMITS.socketsPerUser;
    // Half on each node, opened at once.
    const results = await Promise.all(Array.from({ length: cap + 6 }, (_, i) => open(i % 2 === 0 ? a : b)));
    const onA = new Set(results.filter((_, i) => i % 2 === 0));
    const held = results.filter((result): result is Socket => typeof result !== 'string');
    const refused = results.filter((result) => typeof result === 'string');
    expect(held.length).toBe(cap);
    expect(new Set(refused)).toEqual(new Set(['too_many_connections']));
    expect(await open(b)).toBe('too_many_connections');

    // A socket on node A goes; node B may then open one (the disconnect reaches A a moment later).
    held.find((socket) => onA.has(socket))!.disconnect();
    let reopened: Socket | string = 'too_many_connections';
    for (let attempt = 0; attempt < 50 && typeof reopened === 'string'; attempt += 1) {
      reopened = await open(b);
      if (typeof reopened === 'string') await new Promise((r) => setTimeout(r, 50));
    }
    expect(typeof reopened).not.toBe('string');
  });
});
