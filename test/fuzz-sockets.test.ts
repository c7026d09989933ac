import fc from 'fast-check';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { tapBatchSchema, tapSchema } from '@contract/checkins/reader.protocol.js';
import { receiptPayload, respondPayload } from '@contract/inbox/inbox.schema.js';
import { DEFAULT_SOCKET_LIMITS } from '../server/src/realtime/socket-limits.js';
import { buildMunicipality, buildResident, buildShelter, buildUser } from './support/factories.js';
import { hostileJson } from './support/hostile-input.js';
import { mutated, validShaped } from './support/schema-samples.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Socket abuse: hostile payloads on every event a client may send, oversized frames, event floods
 * and connection floods. Invariants: every acknowledgement is `{ ok }` or a named error, the
 * server keeps serving, a flood is cut off, and no user holds more sockets than the cap.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RESIDENT_EVENTS = ['inbox:delivered', 'inbox:read', 'inbox:respond', 'no:such-event'] as const;
const READER_EVENTS = ['tap', 'taps', 'no:such-event'] as const;
const ERROR_ID = /^[a-z][a-z0-9_]*$/;

/** Every event a client may send, with the schema its handler validates against. */
const EVENTS: { namespace: '/' | '/readers'; event: string; schema: z.ZodType }[] = [
  { namespace: '/', event: 'inbox:delivered', schema: receiptPayload },
  { namespace: '/', event: 'inbox:read', schema: receiptPayload },
  { namespace: '/', event: 'inbox:respond', schema: respondPayload },
  { namespace: '/readers', event: 'tap', schema: tapSchema },
  { namespace: '/readers', event: 'taps', schema: tapBatchSchema },
];
/** Answers given before an event's handler runs: anything else means the handler ran. */
const REFUSED_BEFORE_HANDLER = new Set([
  'validation_failed',
  'invalid_character',
  'invalid_tap',
  'invalid_batch',
  'rate_limited',
  'unauthenticated',
]);

function emitWithAck(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  return socket.timeout(5_000).emitWithAck(event, payload);
}

function expectNamedReply(reply: unknown, where: string): void {
  const record = reply as {
    ok?: unknown;
    error?: { id?: unknown };
    results?: unknown;
    outcome?: unknown;
  } | null;
  const named =
    record?.ok === true ||
    Array.isArray(record?.results) ||
    // A tap's result: what happened to the card holder.
    typeof record?.outcome === 'string' ||
    (typeof record?.error?.id === 'string' && ERROR_ID.test(record.error.id));
  expect(named, `${where}: ${JSON.stringify(reply)?.slice(0, 200)} (FUZZ_SEED=${SEED})`).toBe(true);
}

describe('fuzzing the sockets', () => {
  let t: TestServer;
  let residentCookie: string;
  let deviceKey: string;
  const sockets: Socket[] = [];

  function open(path: string, options: { cookie?: string; deviceKey?: string } = {}): Promise<Socket> {
    const socket = connect(`${t.url}${path}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
      ...(options.deviceKey ? { auth: { deviceKey: options.deviceKey } } : {}),
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  const disconnected = (socket: Socket) =>
    new Promise<void>((resolve) => {
      if (socket.disconnected) resolve();
      else socket.once('disconnect', () => resolve());
    });

  beforeAll(async () => {
    t = await startTestServer();
    const town = await buildMunicipality(t.db);
    const shelter = await buildShelter(t.db, { municipality: town, capacity: 50 });
    const resident = await buildResident(t.db, { municipality: town });
    const residentUser = await buildUser(t.db, { role: 'resident', residentId: resident.id });
    const residentClient = t.client();
    await residentClient.login(residentUser.username, residentUser.password);
    residentCookie = residentClient.cookieHeader ?? '';
    const staffUser = await buildUser(t.db, { role: 'shelter_staff', shelterIds: [shelter.id] });
    const staff = t.client();
    await staff.login(staffUser.username, staffUser.password);
    const { body } = await staff.post(`/api/shelters/${shelter.id}/readers`, { name: 'fuzz reader' });
    deviceKey = (body as { deviceKey: string }).deviceKey;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.close();
  });

  it('answers hostile payloads on every resident event with ok or a named error', async () => {
    const socket = await open('/', { cookie: residentCookie });
    const payloads = fc.sample(hostileJson, { numRuns: 25, seed: SEED });
    for (const event of RESIDENT_EVENTS) {
      for (const payload of payloads) {
        if (event === 'no:such-event') {
          socket.emit(event, payload);
          continue;
        }
        expectNamedReply(await emitWithAck(socket, event, payload), `${event} ${JSON.stringify(payload)}`);
      }
    }
    // Events without an acknowledgement callback must not crash anything either.
    for (const event of RESIDENT_EVENTS) socket.emit(event, payloads[0]);
    expect(socket.connected).toBe(true);
    expect((await t.client().get('/healthz')).status).toBe(200);
  });

  it('reaches the handler of every event with payloads generated from its schema', async () => {
    const rows: { event: string; reached: number; sent: number }[] = [];
    for (const { namespace, event, schema } of EVENTS) {
      const socket = await open(namespace, namespace === '/' ? { cookie: residentCookie } : { deviceKey });
      const valid = validShaped(schema, (name) => (name === 'position' ? [1, 2] : []));
      const payloads = [
        ...fc.sample(valid, { numRuns: 12, seed: SEED }),
        ...fc.sample(mutated(valid), { numRuns: 6, seed: SEED }),
      ];
      let reached = 0;
      for (const payload of payloads) {
        const reply = await emitWithAck(socket, event, payload);
        expectNamedReply(reply, `${event} ${JSON.stringify(payload)}`);
        const id = (reply as { error?: { id?: string } }).error?.id;
        if (id === undefined || !REFUSED_BEFORE_HANDLER.has(id)) reached += 1;
      }
      rows.push({ event: `${namespace} ${event}`, reached, sent: payloads.length });
      socket.disconnect();
    }
    console.info(
      [
        `socket handler reached per event (FUZZ_SEED=${SEED}):`,
        ...rows.map(
          (row) => `  ${String(row.reached).padStart(3)} / ${String(row.sent).padEnd(3)} ${row.event}`,
        ),
      ].join('\n'),
    );
    expect(rows.filter((row) => row.reached === 0).map((row) => row.event)).toEqual([]);
    expect((await t.client().get('/healthz')).status).toBe(200);
  });

  it('refuses a NUL character in a resident payload by name', async () => {
    const socket = await open('/', { cookie: residentCookie });
    const reply = await emitWithAck(socket, 'inbox:respond', {
      position: 1,
      response: 'safe',
      note: 'ok\u0000',
    });
    expect(reply).toMatchObject({ error: { id: 'invalid_character' } });
  });

  it('answers hostile payloads on every reader event with a named error', async () => {
    const socket = await open('/readers', { deviceKey });
    const payloads = fc.sample(hostileJson, { numRuns: 25, seed: SEED });
    for (const event of READER_EVENTS.filter((name) => name !== 'no:such-event')) {
      for (const payload of payloads) {
        expectNamedReply(await emitWithAck(socket, event, payload), `${event} ${JSON.stringify(payload)}`);
      }
    }
    socket.emit('no:such-event', { x: 1 });
    socket.emit('tap', { not: 'acknowledged' });
    expect(socket.connected).toBe(true);
  });

  it('drops the connection of a frame larger than the buffer limit and keeps serving', async () => {
    const socket = await open('/', { cookie: residentCookie });
    const gone = disconnected(socket);
    socket.emit('inbox:read', { position: 1, padding: 'x'.repeat(200_000) });
    await gone;
    const again = await open('/', { cookie: residentCookie });
    expectNamedReply(await emitWithAck(again, 'inbox:read', { position: 999_999 }), 'after oversized frame');
  });

  it('answers a flood with rate_limited and then disconnects it', async () => {
    const socket = await open('/', { cookie: residentCookie });
    const gone = disconnected(socket);
    const total = DEFAULT_SOCKET_LIMITS.eventBurst + DEFAULT_SOCKET_LIMITS.disconnectAfterDropped + 50;
    const replies: Promise<unknown>[] = [];
    for (let i = 0; i < total; i += 1) {
      replies.push(emitWithAck(socket, 'inbox:read', { position: 999_999 }).catch(() => 'no reply'));
    }
    await gone;
    const settled = await Promise.all(replies);
    const limited = settled.filter(
      (reply) => (reply as { error?: { id?: string } }).error?.id === 'rate_limited',
    );
    expect(limited.length).toBeGreaterThanOrEqual(DEFAULT_SOCKET_LIMITS.disconnectAfterDropped - 1);
    expect((await t.client().get('/healthz')).status).toBe(200);
  });

  it('caps the sockets one user may hold open and frees a slot on disconnect', async () => {
    const held: Socket[] = [];
    // Earlier tests may still hold a socket of this user: fill up to the cap, whatever is open.
    for (;;) {
      try {
        held.push(await open('/', { cookie: residentCookie }));
      } catch (error) {
        expect((error as Error).message).toBe('too_many_connections');
        break;
      }
      expect(held.length).toBeLessThanOrEqual(DEFAULT_SOCKET_LIMITS.socketsPerUser);
    }
    const freed = held.pop()!;
    const gone = disconnected(freed);
    freed.disconnect();
    await gone;
    // The server sees the disconnect a moment after the client does: retry until the slot is free.
    let reopened: Socket | undefined;
    for (let attempt = 0; attempt < 50 && !reopened; attempt += 1) {
      reopened = await open('/', { cookie: residentCookie }).catch(() => undefined);
    }
    expect(reopened?.connected).toBe(true);
    for (const socket of [...held, reopened]) socket?.disconnect();
  });

  it('caps anonymous sockets per address', async () => {
    const held: Socket[] = [];
    let refused: Error | undefined;
    while (!refused && held.length <= DEFAULT_SOCKET_LIMITS.anonymousSocketsPerAddress) {
      try {
        held.push(await open('/'));
      } catch (error) {
        refused = error as Error;
      }
    }
    expect(refused?.message).toBe('too_many_connections');
    expect(held.length).toBeLessThanOrEqual(DEFAULT_SOCKET_LIMITS.anonymousSocketsPerAddress);
    for (const socket of held) socket.disconnect();
  });
});
