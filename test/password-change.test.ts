import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_CHANGE_LIMIT } from '../server/src/modules/auth/auth.service.js';
import { buildUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('changing the password', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('limits guesses at the current password, whatever comes next', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const client = t.client();
    await client.login(user.username, user.password);
    const newPassword = 'a long and unusual passphrase by the river';
    for (let i = 0; i < PASSWORD_CHANGE_LIMIT.limit; i += 1) {
      const wrong = await client.post('/api/me/password', { currentPassword: `guess ${i}`, newPassword });
      expect(wrong).toMatchObject({ status: 403, body: { error: { id: 'wrong_password' } } });
    }
    const held = await client.post('/api/me/password', { currentPassword: user.password, newPassword });
    expect(held).toMatchObject({ status: 429, body: { error: { id: 'rate_limited' } } });
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    // A second session of the same account shares the count.
    const other = t.client();
    await other.login(user.username, user.password);
    expect(
      (await other.post('/api/me/password', { currentPassword: user.password, newPassword })).status,
    ).toBe(429);
  });

  it('refuses the current password as the new one, by name', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const client = t.client();
    await client.login(user.username, user.password);
    const same = await client.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: user.password,
    });
    expect(same).toMatchObject({
      status: 400,
      body: {
        error: { id: 'same_password', details: [{ path: 'body.newPassword', problem: 'same_password' }] },
      },
    });
  });
});
