import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { createLogger } from '../server/src/logger.js';
import { verifyAccessLogChain } from '../server/src/modules/audit/chain-verify.js';
import { insertSession } from '../server/src/modules/auth/auth.queries.js';
import { hashSessionId } from '../server/src/modules/auth/auth.service.js';
import { visibleMembersLoggedBySession } from '../server/src/modules/family/family.queries.js';
import { FamilyService, FAMILY_VIA } from '../server/src/modules/family/family.service.js';
import { FamilyRooms } from '../server/src/modules/family/family.socket.js';
import { buildDesignation, buildMunicipality, buildResident, buildUser } from './support/factories.js';
import { openTestDatabase } from './support/database.js';

interface Viewer {
  residentId: string | null;
  userId: string;
  sessionId: string;
}

/**
 * Family lists answered together (group commit): one statement resolves the sessions of several
 * requests, reads their lists and writes all their access-log rows. Each request must get exactly
 * its own viewer's answer, each log row must name the viewer who saw the person, a session that
 * is not live must get nobody, and a failing lookup must fail only itself.
 */
describe('family lookups answered as a group', () => {
  let db: Database;
  /** An adult with a household (another adult, a child) and a person who designated them. */
  let alice: Viewer;
  let bob: Viewer;
  let child: string;
  let designator: string;
  /** A person who shows nobody anything, alone in their household. */
  let hermit: Viewer;
  /** An account with no registered person behind it. */
  let staff: Viewer;
  const IDLE_MINUTES = 60;

  const openSession = async (userId: string, residentId: string | null): Promise<Viewer> => {
    const sessionId = randomBytes(32).toString('base64url');
    await insertSession(db, {
      idHash: hashSessionId(sessionId),
      userId,
      csrfToken: randomBytes(32).toString('base64url'),
      maxHours: 1,
    });
    return { residentId, userId, sessionId };
  };
  const residentViewer = async (residentId: string) =>
    openSession((await buildUser(db, { role: 'resident', residentId })).id, residentId);
  const logSince = async (seq: number) =>
    (
      await db.query<{ viewer_user_id: string; subject_resident_id: string; via: string }>(
        'SELECT viewer_user_id, subject_resident_id, via FROM access_log WHERE seq > $1 ORDER BY seq',
        [seq],
      )
    ).rows;
  const lastSeq = async () =>
    Number(
      (await db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM access_log')).rows[0]!.seq ?? 0,
    );
  const pairs = (rows: { viewer_user_id: string; subject_resident_id: string }[]) =>
    rows.map((row) => `${row.viewer_user_id}>${row.subject_resident_id}`).sort();

  beforeAll(async () => {
    db = await openTestDatabase();
    const town = await buildMunicipality(db);
    const a = await buildResident(db, { municipality: town });
    const b = await buildResident(db, { municipality: town, householdId: a.householdId });
    child = (
      await buildResident(db, { municipality: town, householdId: a.householdId, birthDate: '2018-05-05' })
    ).id;
    designator = (await buildResident(db, { municipality: town })).id;
    await buildDesignation(db, { subjectId: designator, designeeId: a.id });
    const h = await buildResident(db, { municipality: town });
    await db.query(`UPDATE residents SET whereabouts_visibility = 'nobody' WHERE id = $1`, [h.id]);
    // Pending: not visible to the hermit.
    await buildDesignation(db, { subjectId: designator, designeeId: h.id, status: 'pending' });
    alice = await residentViewer(a.id);
    bob = await residentViewer(b.id);
    hermit = await residentViewer(h.id);
    staff = await openSession((await buildUser(db, { role: 'hq_operator' })).id, null);
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives each lookup of a group only its own viewer’s people and logs each view once', async () => {
    const ended = await residentViewer(child);
    await db.query('DELETE FROM sessions WHERE id_hash = $1', [hashSessionId(ended.sessionId)]);
    const before = await lastSeq();
    const group = [alice, hermit, bob, ended, staff, alice];
    const answers = await visibleMembersLoggedBySession(
      db,
      group.map((v) => hashSessionId(v.sessionId)),
      IDLE_MINUTES,
      { action: 'view_whereabouts', via: 'group test' },
    );

    expect(answers.map((a) => a.viewer?.userId ?? null)).toEqual([
      alice.userId,
      hermit.userId,
      bob.userId,
      null,
      staff.userId,
      alice.userId,
    ]);
    const seen = answers.map((a) => a.members.map((row) => `${row.relation}:${row.id}`));
    expect(seen[0]![0]).toBe(`self:${alice.residentId}`);
    expect([...seen[0]!].sort()).toEqual(
      [
        `self:${alice.residentId}`,
        `household:${bob.residentId}`,
        `household:${child}`,
        `designated_me:${designator}`,
      ].sort(),
    );
    expect(seen[1]).toEqual([`self:${hermit.residentId}`]);
    expect([...seen[2]!].sort()).toEqual(
      [`self:${bob.residentId}`, `household:${alice.residentId}`, `household:${child}`].sort(),
    );
    expect(seen[3]).toEqual([]);
    expect(answers[4]!.viewer?.residentId).toBeNull();
    expect(seen[4]).toEqual([]);
    expect(seen[5]).toEqual(seen[0]);

    const logged = await logSince(before);
    expect(logged.every((row) => row.via === 'group test')).toBe(true);
    expect(pairs(logged)).toEqual(
      [
        ...[bob.residentId, child, designator].flatMap((s) => [
          `${alice.userId}>${s}`,
          `${alice.userId}>${s}`,
        ]),
        `${bob.userId}>${alice.residentId}`,
        `${bob.userId}>${child}`,
      ].sort(),
    );
    // The child was logged three times by one statement: three consecutive links of one chain.
    const chain = await db.query<{ subject_seq: string }>(
      'SELECT subject_seq FROM access_log WHERE subject_resident_id = $1 AND seq > $2 ORDER BY subject_seq',
      [child, before],
    );
    const positions = chain.rows.map((row) => Number(row.subject_seq));
    expect(positions).toHaveLength(3);
    expect(positions[2]! - positions[0]!).toBe(2);
    expect((await verifyAccessLogChain(db)).ok).toBe(true);
  });

  it('retries a failing group lookup by lookup, so a failing lookup fails only itself', async () => {
    const poisoned = hashSessionId(bob.sessionId);
    let statements = 0;
    // Bob's lookup fails wherever it goes (as a statement timeout would), after its statement
    // has run: the group's reads and log rows must be rolled back with it.
    const failing: Database = {
      ...db,
      query: async (text, params) => {
        if (!text.includes('INSERT INTO access_log')) return db.query(text, params);
        statements++;
        const hashes = params?.[0] as string[];
        if (!hashes.includes(poisoned)) return db.query(text, params);
        return db.transaction(async (tx) => {
          await tx.query(text, params);
          throw new Error('statement failed');
        });
      },
    };
    // One group in flight: the first lookup goes alone, the three that arrive meanwhile together.
    const family = new FamilyService(failing, new FamilyRooms(db, undefined, createLogger('silent')), {
      sessionIdleMinutes: IDLE_MINUTES,
      listGroups: { maxConcurrentGroups: 1, maxItemsPerGroup: 64 },
    });
    const before = await lastSeq();
    const results = await Promise.allSettled(
      [alice, alice, bob, hermit].map((v) => family.listForSession(v.sessionId)),
    );

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const answer = (i: number) =>
      (results[i] as PromiseFulfilledResult<Awaited<ReturnType<FamilyService['listForSession']>>>).value;
    for (const i of [0, 1]) {
      expect(answer(i).self.residentId).toBe(alice.residentId);
      expect(
        answer(i)
          .members.map((m) => m.residentId)
          .sort(),
      ).toEqual([bob.residentId, child, designator].sort());
    }
    expect(answer(3).self.residentId).toBe(hermit.residentId);
    expect(answer(3).members).toEqual([]);
    // Alone, the group of three, then each of the three again.
    expect(statements).toBe(5);

    const logged = await logSince(before);
    expect(logged.every((row) => row.via === FAMILY_VIA)).toBe(true);
    expect(pairs(logged)).toEqual(
      [bob.residentId, child, designator]
        .flatMap((s) => [`${alice.userId}>${s}`, `${alice.userId}>${s}`])
        .sort(),
    );
    expect((await verifyAccessLogChain(db)).ok).toBe(true);
  });

  it('refuses a request without a live session, and an account that is not a registered person', async () => {
    const family = new FamilyService(db, new FamilyRooms(db, undefined, createLogger('silent')), {
      sessionIdleMinutes: IDLE_MINUTES,
    });
    await expect(family.listForSession(undefined)).rejects.toMatchObject({ status: 401 });
    await expect(family.listForSession('no-such-session')).rejects.toMatchObject({ status: 401 });
    await expect(family.listForSession(staff.sessionId)).rejects.toMatchObject({ status: 403 });
  });
});
