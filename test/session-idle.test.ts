import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * A short idle timeout must not end sessions that are in use: the sliding refresh has to come
 * often enough for the timeout. Time is moved by ageing the session's last use in the database.
 */
describe('session idle timeout of one minute', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ SESSION_IDLE_MINUTES: '1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps a session used every 40 seconds alive, and ends it after a minute without use', async () => {
    const user = await buildUser(t.db, { role: 'shelter_staff' });
    const client = t.client();
    await client.login(user.username, user.password);
    const age = (seconds: number) =>
      t.db.query(
        `UPDATE sessions SET last_seen_at = last_seen_at - make_interval(secs => $2) WHERE user_id = $1`,
        [user.id, seconds],
      );

    for (let use = 0; use < 3; use++) {
      await age(40);
      expect((await client.get('/api/me')).status, `use ${use + 1}`).toBe(200);
    }
    await age(61);
    expect((await client.get('/api/me')).status).toBe(401);
  });
});
