import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionId } from '../server/src/modules/auth/auth.service.js';
import { buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { runJob } from './support/jobs.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('expired session purge', () => {
  let t: TestServer;
  const idleMinutes = 30;

  beforeAll(async () => {
    t = await startTestServer({ SESSION_IDLE_MINUTES: String(idleMinutes) });
  });
  afterAll(async () => {
    await t.close();
  });

  const idHashOf = (client: HttpClient) =>
    hashSessionId(decodeURIComponent(client.cookieHeader!.split('=')[1]!));

  it('is a job on the server’s engine that deletes sessions past their absolute or idle limit, and only those', async () => {
    const user = await buildUser(t.db, { role: 'hq_operator' });
    const clients = [t.client(), t.client(), t.client()];
    for (const client of clients) await client.login(user.username, user.password);
    const [live, pastLimit, idle] = clients.map(idHashOf) as [string, string, string];
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [
      pastLimit,
    ]);
    await t.db.query(
      `UPDATE sessions SET last_seen_at = now() - make_interval(mins => $2::int + 1) WHERE id_hash = $1`,
      [idle, idleMinutes],
    );

    const { affected } = await runJob<{ affected: number }>(t.server.jobs, 'session-purge');
    expect(affected).toBeGreaterThanOrEqual(2);

    const { rows } = await t.db.query<{ id_hash: string }>(
      'SELECT id_hash FROM sessions WHERE user_id = $1',
      [user.id],
    );
    expect(rows.map((row) => row.id_hash)).toEqual([live]);
    expect((await clients[0]!.get('/api/me')).status).toBe(200);
  });
});
