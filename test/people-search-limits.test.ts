import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_LIMITS } from '../server/src/modules/people/search-gate.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const errorId = (body: unknown) => (body as { error: { id: string } }).error.id;

/** A fuzzy search is the most expensive read staff can start: its cost is bounded. */
describe('person search cost bounds', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const search = (client: HttpClient, q: string) =>
    client.get(`/api/people/search?${new URLSearchParams({ q, purpose: '受付で本人確認' }).toString()}`);

  it('refuses an overlong name before it reaches the database, also five at once', async () => {
    const staff = await signIn(t, { role: 'shelter_staff' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => search(staff, 'a'.repeat(100))));
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(errorId(answer.body)).toBe('validation_failed');
    }
    // A long real name still fits.
    expect((await search(staff, 'Kadenokouji Shintarouemon')).status).toBe(200);
  });

  it('lets one account run one search at a time and a limited number a minute', async () => {
    const staff = await signIn(t, { role: 'shelter_staff' });
    const together = await Promise.all(Array.from({ length: 5 }, () => search(staff, 'やまだ たろう')));
    const statuses = together.map((answer) => answer.status);
    expect(statuses).toContain(200);
    for (const answer of together.filter((a) => a.status !== 200)) {
      expect(answer.status).toBe(429);
      expect(errorId(answer.body)).toBe('search_in_progress');
    }
    const started = statuses.filter((status) => status === 200).length;
    for (let n = started; n < SEARCH_LIMITS.perUserPerMinute; n++) {
      expect((await search(staff, 'やまだ')).status).toBe(200);
    }
    const over = await search(staff, 'やまだ');
    expect(over.status).toBe(429);
    expect(errorId(over.body)).toBe('search_rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not held up by this one.
    expect((await search(await signIn(t, { role: 'hq_operator' }), 'やまだ')).status).toBe(200);
  });
});
