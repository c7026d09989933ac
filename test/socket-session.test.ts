/**
 * Sockets follow the credentials they were opened with: a session that ends (logout, idle or
 * absolute expiry, sign out everywhere) or a reader key that is rotated ends its sockets at once,
 * every event re-checks them, a dropped transport does not bring a socket back authenticated, and
 * only allowed browser origins may open a socket. Real server, real sockets.
 */
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomCardUid,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { registerReader, tapNow } from './support/readers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sockets follow the session and the reader key', () => {
  let t: TestServer;
  let shelterId: string;
  let municipality: Awaited<ReturnType<typeof buildMunicipality>>;
  let staff: HttpClient;
  let readerSocket: Socket;
  const sockets: Socket[] = [];
  /** Heard from the moment each socket was created: it may come right behind `connect`. */
  const familySubscribed = new WeakMap<Socket, Promise<unknown>>();

  function open(
    path: string,
    options: { cookie?: string; deviceKey?: string; origin?: string; reconnect?: boolean } = {},
  ): Promise<Socket> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    const socket = connect(`${t.url}${path}`, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: headers,
      reconnection: options.reconnect ?? false,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 1_000,
      ...(options.deviceKey ? { auth: { deviceKey: options.deviceKey } } : {}),
    });
    sockets.push(socket);
    familySubscribed.set(socket, new Promise((resolve) => socket.once('family:subscribed', resolve)));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  const disconnected = (socket: Socket, ms = 15_000) =>
    new Promise<string>((resolve, reject) => {
      if (socket.disconnected) return resolve('already');
      const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  /** Counts the events of one kind a socket receives. */
  function listen(socket: Socket, event: string): { count: () => number } {
    let count = 0;
    socket.on(event, () => (count += 1));
    return { count: () => count };
  }

  /** A resident with a card and a signed-in account: their own socket follows their whereabouts. */
  async function residentWithCard() {
    const resident = await buildResident(t.db, { municipality });
    const uid = randomCardUid();
    await buildCard(t.db, { residentId: resident.id, token: t.server.checkins.tokenFor(uid) });
    const client = await signIn(t, { role: 'resident', residentId: resident.id });
    return { client, uid };
  }

  /** Opens a resident socket and waits until it follows the family rooms. */
  async function residentSocket(client: HttpClient, reconnect = false): Promise<Socket> {
    const socket = await open('/', { cookie: client.cookieHeader!, reconnect });
    await familySubscribed.get(socket);
    return socket;
  }

  async function sessionIdHashOf(client: HttpClient): Promise<string> {
    const me = (await client.get('/api/me')).body as { user: { id: string } };
    const { rows } = await t.db.query<{ id_hash: string }>(
      'SELECT id_hash FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
      [me.user.id],
    );
    return rows[0]!.id_hash;
  }

  beforeAll(async () => {
    t = await startTestServer({ SOCKET_ALLOWED_ORIGINS: 'https://partner.example.jp' });
    municipality = await buildMunicipality(t.db);
    shelterId = (await buildShelter(t.db, { municipality, capacity: 500 })).id;
    staff = await signIn(t, { role: 'shelter_staff', shelterIds: [shelterId] });
    readerSocket = await open('/readers', { deviceKey: (await registerReader(staff, shelterId)).deviceKey });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  it('cuts off the sockets of a session at logout: no shelter:tap for staff, no family:update for residents', async () => {
    const staffMember = await signIn(t, { role: 'shelter_staff', shelterIds: [shelterId] });
    const staffSocket = await open('/', { cookie: staffMember.cookieHeader! });
    const taps = listen(staffSocket, 'shelter:tap');
    const person = await residentWithCard();
    const personSocket = await residentSocket(person.client);
    const updates = listen(personSocket, 'family:update');
    // Both sockets hear a tap while signed in.
    await tapNow(readerSocket, person.uid);
    await sleep(300);
    expect(taps.count()).toBe(1);
    expect(updates.count()).toBe(1);

    const staffGone = disconnected(staffSocket, 3_000);
    const personGone = disconnected(personSocket, 3_000);
    expect((await staffMember.post('/api/auth/logout', {})).status).toBe(204);
    expect((await person.client.post('/api/auth/logout', {})).status).toBe(204);
    expect(await staffGone).toBe('io server disconnect');
    expect(await personGone).toBe('io server disconnect');

    await tapNow(readerSocket, person.uid);
    await sleep(300);
    expect(taps.count()).toBe(1);
    expect(updates.count()).toBe(1);
  });

  it('ends the sockets of the other sessions at a password change and keeps this browser’s own', async () => {
    const user = await buildUser(t.db, { role: 'shelter_staff', shelterIds: [shelterId] });
    const here = t.client();
    await here.login(user.username, user.password);
    const elsewhere = t.client();
    await elsewhere.login(user.username, user.password);
    const hereSocket = await open('/', { cookie: here.cookieHeader! });
    const elsewhereSocket = await open('/', { cookie: elsewhere.cookieHeader! });
    const elsewhereGone = disconnected(elsewhereSocket, 3_000);
    const newPassword = `neu-${randomUUID()}-Kanazawa`;
    const answer = await here.post('/api/me/password', { currentPassword: user.password, newPassword });
    expect(answer.status).toBe(200);
    expect(await elsewhereGone).toBe('io server disconnect');
    await sleep(300);
    expect(hereSocket.connected).toBe(true);
  });

  it('ends the sockets of a session at its absolute expiry, and refuses their events meanwhile', async () => {
    const person = await residentWithCard();
    // The session's last two seconds: the socket is opened within them.
    await t.db.query(`UPDATE sessions SET expires_at = now() + interval '2 seconds' WHERE id_hash = $1`, [
      await sessionIdHashOf(person.client),
    ]);
    const socket = await residentSocket(person.client);
    const gone = disconnected(socket);
    await sleep(2_500);
    if (socket.connected) {
      const reply = (await socket
        .timeout(5_000)
        .emitWithAck('inbox:respond', { position: 1, response: 'need_help' })
        .catch(() => 'no reply')) as unknown;
      // Either the sweep cut the socket off first, or the event found the session over.
      if (reply !== 'no reply') expect(reply).toMatchObject({ error: { id: 'session_expired' } });
    }
    await gone;
  });

  it('ends the sockets of a session that was left idle', async () => {
    const person = await residentWithCard();
    const socket = await residentSocket(person.client);
    // Found within one sweep, or within the time a confirmed session is trusted (30 s) if a sweep
    // confirmed it just before it was left idle here.
    const gone = disconnected(socket, 45_000);
    const idHash = await sessionIdHashOf(person.client);
    // The default idle limit is 30 minutes: this session has two seconds left.
    await t.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '29 minutes 58 seconds' WHERE id_hash = $1`,
      [idHash],
    );
    const updates = listen(socket, 'family:update');
    await gone;
    await tapNow(readerSocket, person.uid);
    await sleep(300);
    expect(updates.count()).toBe(0);
  });

  it('does not bring a socket back authenticated after its transport dropped and the account signed out everywhere', async () => {
    const person = await residentWithCard();
    const socket = await residentSocket(person.client, true);
    const updates = listen(socket, 'family:update');
    // A broadcast received: the client now holds a position it could ask to resume from.
    await tapNow(readerSocket, person.uid);
    await sleep(300);
    expect(updates.count()).toBe(1);
    const dropped = disconnected(socket);
    const serverSide = t.server.io.of('/').sockets;
    const socketId = socket.id!;
    // The transport drops (a train tunnel); while it is away the account signs out everywhere.
    socket.io.engine.close();
    await dropped;
    while (serverSide.has(socketId)) await sleep(20);
    expect((await person.client.post('/api/auth/logout-everywhere', {})).status).toBe(200);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    await tapNow(readerSocket, person.uid);
    await sleep(500);
    expect(updates.count()).toBe(1);
    expect(socket.recovered).toBeFalsy();
    socket.disconnect();
  });

  it('cuts off a reader socket when its key is rotated', async () => {
    const reader = await registerReader(staff, shelterId);
    const oldKeySocket = await open('/readers', { deviceKey: reader.deviceKey });
    const person = await residentWithCard();
    expect(await tapNow(oldKeySocket, person.uid)).toMatchObject({ outcome: 'checked_in' });

    const gone = disconnected(oldKeySocket, 3_000);
    const rotated = await staff.post(`/api/readers/${reader.id}/rotate-key`, {});
    expect(rotated.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    await expect(open('/readers', { deviceKey: reader.deviceKey })).rejects.toThrow('reader_key_invalid');
    const newKey = (rotated.body as { deviceKey: string }).deviceKey;
    expect((await open('/readers', { deviceKey: newKey })).connected).toBe(true);
  });

  it('opens sockets only for the server’s own origin and the configured ones', async () => {
    await expect(open('/', { origin: 'https://evil.example' })).rejects.toThrow();
    const signedIn = await signIn(t, { role: 'hq_operator' });
    await expect(
      open('/', { origin: 'https://evil.example', cookie: signedIn.cookieHeader! }),
    ).rejects.toThrow();
    await expect(open('/readers', { origin: 'http://evil.example' })).rejects.toThrow();
    expect((await open('/', { origin: t.url })).connected).toBe(true);
    expect((await open('/', { origin: 'https://partner.example.jp' })).connected).toBe(true);
    // Card readers and scripts send no Origin: not browsers, not affected.
    expect((await open('/')).connected).toBe(true);
  });
});
