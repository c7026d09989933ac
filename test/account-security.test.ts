import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionId } from '../server/src/modules/auth/auth.service.js';
import { buildUser, type BuiltUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Session and account security as OWASP ASVS 4.0 level 2 asks (V2.1, V3, V14.4). */
describe('account and session security', () => {
  let t: TestServer;
  const sockets: Socket[] = [];

  async function signedIn(user: BuiltUser): Promise<HttpClient> {
    const client = t.client();
    await client.login(user.username, user.password);
    return client;
  }

  const sessionIdOf = (client: HttpClient) => decodeURIComponent(client.cookieHeader!.split('=')[1]!);

  function openSocket(client: HttpClient): Promise<Socket> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader! },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  beforeAll(async () => {
    t = await startTestServer({ COOKIE_SECURE: 'true' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  it('sets Secure, HttpOnly, SameSite=Strict cookies with an absolute lifetime', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const response = await t
      .client()
      .post('/api/auth/login', { username: user.username, password: user.password });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Max-Age=\d+/);
  });

  it('gives a new session id at every sign-in and ends the one held before', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const client = await signedIn(user);
    const before = client.cookieHeader!;
    await client.login(user.username, user.password);
    expect(client.cookieHeader).not.toBe(before);
    const stale = await t.client().request('GET', '/api/me', { headers: { cookie: before } });
    expect(stale.status).toBe(401);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('ends a session at its absolute limit even while it is in use', async () => {
    const client = await signedIn(await buildUser(t.db, { role: 'hq_operator' }));
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [
      hashSessionId(sessionIdOf(client)),
    ]);
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('refuses weak new passwords with every problem named, and a wrong current password', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const client = await signedIn(user);
    const weak = await client.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      error: { id: 'weak_password', details: [{ path: 'body.newPassword', problem: 'too_short' }] },
    });
    const common = await client.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: 'Password1234',
    });
    expect(common.body).toMatchObject({
      error: { id: 'weak_password', details: [{ problem: 'too_common' }] },
    });
    const wrong = await client.post('/api/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a long and unusual passphrase',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: { id: 'wrong_password' } });
    // Nothing changed: the old password still signs in.
    await signedIn(user);
  });

  it('changes the password, keeps this session and ends every other one', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const client = await signedIn(user);
    const otherDevice = await signedIn(user);
    const otherSocket = await openSocket(otherDevice);
    const expired = new Promise<void>((resolve) => otherSocket.once('session:expired', () => resolve()));

    const newPassword = 'evacuate to the hill by the school';
    const changed = await client.post('/api/me/password', { currentPassword: user.password, newPassword });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ endedSessions: 1 });
    await expired;

    expect((await client.get('/api/me')).status).toBe(200);
    expect((await otherDevice.get('/api/me')).status).toBe(401);
    await expect(openSocket(otherDevice).then((socket) => socket.connected)).resolves.toBe(true);
    const oldPassword = await t
      .client()
      .post('/api/auth/login', { username: user.username, password: user.password });
    expect(oldPassword.status).toBe(401);
    await signedIn({ ...user, password: newPassword });
  });

  it('signs out everywhere: every session and every socket of the account', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const laptop = await signedIn(user);
    const tablet = await signedIn(user);
    const socket = await openSocket(tablet);
    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));

    const response = await laptop.post('/api/auth/logout-everywhere');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ endedSessions: 2 });
    expect(response.headers.get('set-cookie')).toMatch(/^sid=;/);
    await dropped;
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect((await tablet.get('/api/me')).status).toBe(401);
  });

  it('sends the security headers on pages and API answers', async () => {
    for (const path of ['/', '/api/config', '/api/nope']) {
      const { headers } = await t.client().get(path);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(headers.get('x-powered-by'), path).toBeNull();
    }
  });
});
