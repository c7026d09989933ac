import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../server/src/db/database.js';
import { recordAccess } from '../server/src/modules/audit/record-access.js';
import { verifyAccessLogChain } from '../server/src/modules/audit/chain-verify.js';
import { buildMunicipality, buildResident, buildUser } from './support/factories.js';
import { openTestDatabase } from './support/database.js';

/** Thrown to roll a tampering experiment back, so later tests find the log as it was. */
class RollBack extends Error {}

describe('access log: one hash chain per person', () => {
  let db: Database;
  let viewer: { id: string; role: 'hq_operator'; residentId: null };
  let alice: string;
  let bob: string;

  const log = (tx: Queryable, ...subjects: string[]) =>
    recordAccess(tx, {
      viewer,
      subjectResidentIds: subjects,
      action: 'view_profile',
      purpose: 'chain test',
      via: 'test',
    });

  const chainOf = async (subject: string) =>
    (
      await db.query<{ seq: number; subject_seq: number; prev_hash: string; hash: string }>(
        'SELECT seq, subject_seq, prev_hash, hash FROM access_log WHERE subject_resident_id = $1 ORDER BY subject_seq',
        [subject],
      )
    ).rows.map((row) => ({ ...row, seq: Number(row.seq), subject_seq: Number(row.subject_seq) }));

  /** Runs `tamper` behind the append-only trigger, verifies inside the same transaction, rolls back. */
  const verifyAfter = async (tamper: (tx: Queryable) => Promise<void>) => {
    let result: Awaited<ReturnType<typeof verifyAccessLogChain>> | undefined;
    await db
      .transaction(async (tx) => {
        await tx.query('ALTER TABLE access_log DISABLE TRIGGER access_log_append_only');
        await tamper(tx);
        result = await verifyAccessLogChain(tx);
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    return result!;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    const town = await buildMunicipality(db);
    alice = (await buildResident(db, { municipality: town })).id;
    bob = (await buildResident(db, { municipality: town })).id;
    viewer = { id: (await buildUser(db, { role: 'hq_operator' })).id, role: 'hq_operator', residentId: null };
    await log(db, alice, bob);
    await log(db, alice);
    await log(db, alice);
  });
  afterAll(async () => {
    await db.close();
  });

  it("links each entry to the same person's previous entry, and records the head", async () => {
    const chain = await chainOf(alice);
    expect(chain.map((link) => link.subject_seq)).toEqual([1, 2, 3]);
    expect(chain[0]!.prev_hash).toBe('0'.repeat(64));
    expect(chain[1]!.prev_hash).toBe(chain[0]!.hash);
    expect(chain[2]!.prev_hash).toBe(chain[1]!.hash);
    // Bob's entry was written between Alice's first and second but is not part of her chain.
    const [bobsFirst] = await chainOf(bob);
    expect(bobsFirst).toMatchObject({ subject_seq: 1, prev_hash: '0'.repeat(64) });
    const { rows } = await db.query<{ subject_seq: number; hash: string }>(
      'SELECT subject_seq, hash FROM access_log_heads WHERE subject_resident_id = $1',
      [alice],
    );
    expect({ ...rows[0], subject_seq: Number(rows[0]!.subject_seq) }).toEqual({
      subject_seq: 3,
      hash: chain[2]!.hash,
    });
    const verified = await verifyAccessLogChain(db);
    expect(verified).toMatchObject({ ok: true, broken: null });
    expect(verified.subjects).toBeGreaterThanOrEqual(2);
  });

  it("finds an entry edited behind the trigger, in that person's chain only", async () => {
    const target = (await chainOf(alice))[1]!;
    const result = await verifyAfter((tx) =>
      tx
        .query(`UPDATE access_log SET purpose = 'nothing to see' WHERE seq = $1`, [target.seq])
        .then(() => undefined),
    );
    expect(result).toMatchObject({
      ok: false,
      broken: { seq: target.seq, subjectResidentId: alice, subjectSeq: 2, reason: 'hash_mismatch' },
    });
    expect(await verifyAccessLogChain(db)).toMatchObject({ ok: true });
  });

  it('finds a re-hashed entry by the broken link after it', async () => {
    const [first, second] = await chainOf(alice);
    const result = await verifyAfter(async (tx) => {
      await tx.query(`UPDATE access_log SET purpose = 'rewritten' WHERE seq = $1`, [first!.seq]);
      await tx.query('UPDATE access_log a SET hash = access_log_entry_hash(a.prev_hash, a) WHERE seq = $1', [
        first!.seq,
      ]);
    });
    expect(result.broken).toMatchObject({
      seq: second!.seq,
      subjectResidentId: alice,
      reason: 'prev_hash_mismatch',
    });
  });

  it("finds a removed entry in the middle, at the end, and a person's whole chain removed", async () => {
    const chain = await chainOf(alice);
    const middle = await verifyAfter((tx) =>
      tx.query('DELETE FROM access_log WHERE seq = $1', [chain[1]!.seq]).then(() => undefined),
    );
    expect(middle.broken).toMatchObject({ subjectResidentId: alice, subjectSeq: 3, reason: 'sequence_gap' });

    const newest = await verifyAfter((tx) =>
      tx.query('DELETE FROM access_log WHERE seq = $1', [chain[2]!.seq]).then(() => undefined),
    );
    expect(newest.broken).toEqual({
      seq: null,
      subjectResidentId: alice,
      subjectSeq: 3,
      reason: 'head_mismatch',
    });

    const everything = await verifyAfter((tx) =>
      tx.query('DELETE FROM access_log WHERE subject_resident_id = $1', [bob]).then(() => undefined),
    );
    expect(everything.broken).toEqual({
      seq: null,
      subjectResidentId: bob,
      subjectSeq: 1,
      reason: 'head_mismatch',
    });
  });

  it('refuses to move a head back or remove it', async () => {
    await expect(
      db.query('UPDATE access_log_heads SET subject_seq = subject_seq - 1 WHERE subject_resident_id = $1', [
        alice,
      ]),
    ).rejects.toThrow(/refused/);
    await expect(
      db.query('DELETE FROM access_log_heads WHERE subject_resident_id = $1', [alice]),
    ).rejects.toThrow(/refused/);
  });

  // Two transactions at once need two connections: PostgreSQL only (the embedded database has one).
  it.skipIf(!process.env.DATABASE_URL)(
    'lets writers about different people proceed while one about the same person waits',
    async () => {
      const carol = (await buildResident(db, { municipality: await buildMunicipality(db) })).id;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let logged!: () => void;
      const aliceLogged = new Promise<void>((resolve) => (logged = resolve));
      // Transaction 1 writes about Alice and stays open, holding her chain.
      const first = db.transaction(async (tx) => {
        await log(tx, alice);
        logged();
        await held;
      });
      await aliceLogged;
      try {
        // A lock wait would end in a lock_timeout error instead of passing.
        const other = (subject: string, timeout: string) =>
          db.transaction(async (tx) => {
            await tx.query(`SET LOCAL lock_timeout = '${timeout}'`);
            await log(tx, subject);
          });
        await expect(other(bob, '5s')).resolves.toBeUndefined();
        await expect(other(carol, '5s')).resolves.toBeUndefined(); // a first entry for Carol too
        await expect(other(alice, '200ms')).rejects.toThrow(/lock timeout/);
      } finally {
        release();
        await first;
      }
      expect((await chainOf(carol)).map((link) => link.subject_seq)).toEqual([1]);
      expect(await verifyAccessLogChain(db)).toMatchObject({ ok: true });
    },
  );
});
