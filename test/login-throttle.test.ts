import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, FREE_ATTEMPTS } from '../server/src/modules/auth/login-throttle.js';
import { buildUser, type BuiltUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface ErrorBody {
  error: { id: string };
}

/**
 * Sign-in throttling: a stranger guessing from other addresses slows only themselves; the owner
 * keeps signing in. Addresses come from X-Forwarded-For, as behind the documented proxy.
 */
describe('sign-in throttling', () => {
  let t: TestServer;
  let nextAddress = 1;
  const freshAddress = () => `10.${Math.floor(nextAddress / 250)}.${nextAddress++ % 250}.7`;

  beforeAll(async () => {
    t = await startTestServer({ TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await t.close();
  });

  const attempt = (user: BuiltUser, password: string, address: string) =>
    t.client().request('POST', '/api/auth/login', {
      json: { username: user.username, password },
      headers: { 'x-forwarded-for': address },
    });

  it('does not let failures from other addresses stop the owner', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) {
      expect((await attempt(user, 'guess', freshAddress())).status).toBe(401);
    }
    expect((await attempt(user, user.password, freshAddress())).status).toBe(200);
  });

  it('keeps the owner on a known address in when attackers on many addresses reach the account ceiling', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const home = freshAddress();
    expect((await attempt(user, user.password, home)).status).toBe(200);
    const attackers = Math.ceil(LOGIN_LIMITS.perAccount.limit / FREE_ATTEMPTS) + 1;
    const statuses = await Promise.all(
      Array.from({ length: attackers }, async () => {
        const address = freshAddress();
        const seen: number[] = [];
        for (let i = 0; i < FREE_ATTEMPTS; i += 1) seen.push((await attempt(user, 'guess', address)).status);
        return seen;
      }),
    );
    // The ceiling held the attackers: some of their guesses never reached the password check.
    expect(statuses.flat().filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.flat().every((status) => status === 401 || status === 429)).toBe(true);
    // A new address is held too, the owner at home is not.
    const stranger = await attempt(user, user.password, freshAddress());
    expect(stranger.status).toBe(429);
    expect((stranger.body as ErrorBody).error.id).toBe('rate_limited');
    expect((await attempt(user, user.password, home)).status).toBe(200);
  });

  it('still throttles the attacker: delays grow per account and address, even for the right password', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const address = freshAddress();
    for (let i = 0; i < FREE_ATTEMPTS; i += 1)
      expect((await attempt(user, 'guess', address)).status).toBe(401);
    const held = await attempt(user, user.password, address);
    expect(held.status).toBe(429);
    expect((held.body as ErrorBody).error.id).toBe('rate_limited');
    const wait = Number(held.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    // One more guess once the delay is over, then a longer one.
    expect((await attempt(user, 'guess', address)).status).toBe(401);
    const again = await attempt(user, 'guess', address);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts parallel guesses in order: a burst gets only the free attempts', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const address = freshAddress();
    const burst = await Promise.all(
      Array.from({ length: 4 * FREE_ATTEMPTS }, () => attempt(user, 'guess', address)),
    );
    expect(burst.filter((response) => response.status === 401)).toHaveLength(FREE_ATTEMPTS);
    expect(burst.filter((response) => response.status === 429)).toHaveLength(3 * FREE_ATTEMPTS);
  });
});
