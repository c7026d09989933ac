import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { AuthService } from '../server/src/modules/auth/auth.service.js';
import { buildUser } from './support/factories.js';
import { openTestDatabase } from './support/database.js';

/**
 * Session lookups of concurrent requests go to the database as one statement. Each request must
 * still get its own user, and a session ended anywhere must be refused from the next lookup on
 * (on another node too: two AuthService instances over one database stand for two nodes).
 */
describe('session lookups answered together', () => {
  let db: Database;
  let statements = 0;
  let nodeA: AuthService;
  let nodeB: AuthService;
  const settings = { idleMinutes: 60, maxHours: 12 };

  const signIn = async (auth: AuthService) => {
    const user = await buildUser(db, { role: 'hq_operator' });
    const { sessionId, user: sessionUser } = await auth.login(user.username, user.password, '127.0.0.1');
    return { sessionId, userId: sessionUser.id };
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    const counted: Database = {
      ...db,
      query: (text, params) => {
        if (text.includes('FROM sessions s')) statements++;
        return db.query(text, params);
      },
    };
    nodeA = new AuthService(counted, settings);
    nodeB = new AuthService(db, settings);
  });
  afterAll(async () => {
    await db.close();
  });

  it('answers each request of a group with its own user, and an unknown session with nobody', async () => {
    const sessions = await Promise.all([signIn(nodeA), signIn(nodeA), signIn(nodeA)]);
    statements = 0;
    const users = await Promise.all([
      ...sessions.map((s) => nodeA.resolve(s.sessionId)),
      nodeA.resolve('no-such-session'),
      nodeA.resolve(sessions[0].sessionId),
    ]);
    expect(users.map((u) => u?.id ?? null)).toEqual([
      ...sessions.map((s) => s.userId),
      null,
      sessions[0].userId,
    ]);
    // One group in flight: the first lookup goes alone, the four that arrive meanwhile together.
    expect(statements).toBe(2);
  });

  it('refuses a session from the next lookup on once it is ended on another node', async () => {
    const [kept, ended, disabled] = await Promise.all([signIn(nodeA), signIn(nodeA), signIn(nodeA)]);
    const endedUser = await nodeB.resolve(ended.sessionId);
    await nodeB.logout(endedUser!);
    await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [disabled.userId]);

    const users = await Promise.all([kept, ended, disabled, kept].map((s) => nodeA.resolve(s.sessionId)));
    expect(users.map((u) => u?.id ?? null)).toEqual([kept.userId, null, null, kept.userId]);
  });

  it('slides the idle expiry of sessions last seen over a minute ago, and only those', async () => {
    const [stale, fresh] = await Promise.all([signIn(nodeA), signIn(nodeA)]);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE user_id = $1`, [
      stale.userId,
    ]);
    const seenBefore = await db.query<{ user_id: string; last_seen_at: Date }>(
      'SELECT user_id, last_seen_at FROM sessions WHERE user_id = ANY($1::uuid[])',
      [[stale.userId, fresh.userId]],
    );
    await Promise.all([
      nodeA.resolve(stale.sessionId),
      nodeA.resolve(fresh.sessionId),
      nodeA.resolve(stale.sessionId),
    ]);
    const seenAfter = await db.query<{ user_id: string; last_seen_at: Date }>(
      'SELECT user_id, last_seen_at FROM sessions WHERE user_id = ANY($1::uuid[])',
      [[stale.userId, fresh.userId]],
    );
    const at = (rows: { user_id: string; last_seen_at: Date }[], id: string) =>
      rows.find((row) => row.user_id === id)!.last_seen_at.getTime();
    expect(at(seenAfter.rows, stale.userId)).toBeGreaterThan(at(seenBefore.rows, stale.userId) + 4 * 60_000);
    expect(at(seenAfter.rows, fresh.userId)).toBe(at(seenBefore.rows, fresh.userId));
  });
});
