import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionId } from '../server/src/modules/auth/auth.service.js';
import { rooms } from '../server/src/realtime/events.js';
import {
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  type BuiltUser,
} from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface ErrorBody {
  error: { id: string };
}

describe('authentication', () => {
  let t: TestServer;
  let staff: BuiltUser;
  let shelterId: string;

  beforeAll(async () => {
    t = await startTestServer();
    const town = await buildMunicipality(t.db);
    shelterId = (await buildShelter(t.db, { municipality: town })).id;
    staff = await buildUser(t.db, { role: 'shelter_staff', shelterIds: [shelterId] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in, sets an HttpOnly SameSite cookie and answers /api/me', async () => {
    const client = t.client();
    const response = await client.post('/api/auth/login', {
      username: staff.username,
      password: staff.password,
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    client.csrfToken = (response.body as { csrfToken: string }).csrfToken;

    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: {
        id: staff.id,
        username: staff.username,
        role: 'shelter_staff',
        shelterIds: [shelterId],
        residentId: null,
      },
      csrfToken: client.csrfToken,
    });
  });

  it('stores only a hash of the session id', async () => {
    const client = t.client();
    await client.login(staff.username, staff.password);
    const sessionId = decodeURIComponent(client.cookieHeader!.split('=')[1]!);
    const raw = await t.db.query('SELECT 1 FROM sessions WHERE id_hash = $1', [sessionId]);
    const hashed = await t.db.query('SELECT 1 FROM sessions WHERE id_hash = $1', [hashSessionId(sessionId)]);
    expect(raw.rowCount).toBe(0);
    expect(hashed.rowCount).toBe(1);
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await t.client().post('/api/auth/login', { username: staff.username, password: 'nope' });
    const unknown = await t.client().post('/api/auth/login', { username: 'nobody-here', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((wrong.body as ErrorBody).error.id).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('requires the CSRF token for cookie-authenticated writes, and logout ends the session', async () => {
    const client = t.client();
    await client.login(staff.username, staff.password);
    const withoutToken = await client.request('POST', '/api/auth/logout', {
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(withoutToken.status).toBe(403);
    expect((withoutToken.body as ErrorBody).error.id).toBe('csrf_token_invalid');
    const cookie = client.cookieHeader!;

    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replayed = await fetch(`${t.url}/api/me`, { headers: { cookie } });
    expect(replayed.status).toBe(401);
  });

  it('ends sessions idle for longer than the limit', async () => {
    const client = t.client();
    await client.login(staff.username, staff.password);
    await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE user_id = $1`, [
      staff.id,
    ]);
    const me = await client.get('/api/me');
    expect(me.status).toBe(401);
    expect((me.body as ErrorBody).error.id).toBe('unauthenticated');
  });

  it('refuses a disabled user', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    await t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    const response = await t
      .client()
      .post('/api/auth/login', { username: user.username, password: user.password });
    expect(response.status).toBe(401);
  });

  it('rate-limits password guessing on one account', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await t.client().post('/api/auth/login', { username: user.username, password: 'guess' })).status,
      ).toBe(401);
    }
    const blocked = await t
      .client()
      .post('/api/auth/login', { username: user.username, password: user.password });
    expect(blocked.status).toBe(429);
    expect((blocked.body as ErrorBody).error.id).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('socket authentication', () => {
  let t: TestServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  function open(cookie?: string): Promise<Socket> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  it('puts a signed-in user in their own rooms and an anonymous socket only in public', async () => {
    const town = await buildMunicipality(t.db);
    const resident = await buildResident(t.db, { municipality: town });
    const residentUser = await buildUser(t.db, { role: 'resident', residentId: resident.id });
    const hqUser = await buildUser(t.db, { role: 'hq_operator' });
    const residentClient = t.client();
    await residentClient.login(residentUser.username, residentUser.password);
    const hqClient = t.client();
    await hqClient.login(hqUser.username, hqUser.password);

    const anonymous = await open();
    const residentSocket = await open(residentClient.cookieHeader);
    const hqSocket = await open(hqClient.cookieHeader);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const heard = { anonymous: 0, resident: 0, hq: 0 };
    anonymous.on('session:expired', () => (heard.anonymous += 1));
    residentSocket.on('session:expired', () => (heard.resident += 1));
    hqSocket.on('session:expired', () => (heard.hq += 1));

    t.server.io.to(rooms.hq).emit('session:expired');
    t.server.io.to(rooms.user(residentUser.id)).emit('session:expired');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual({ anonymous: 0, resident: 1, hq: 1 });
  });
});
