import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../server/src/db/database.js';
import { CheckinService } from '../../server/src/modules/checkins/checkins.service.js';
import type { BenchReader } from './bench-db.js';

export interface StatementProfile {
  taps: number;
  statementsPerTap: number;
  /** Wall time per tap inside the service, sequential (no contention). */
  msPerTap: number;
  statements: { sql: string; perTap: number; meanMs: number }[];
}

const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 70);

/** Counts and times every statement a tap's transaction sends (BEGIN/COMMIT included). */
export function instrument(db: Database, stats: Map<string, { count: number; ms: number }>): Database {
  const timed = (q: Queryable): Queryable => ({
    exec: (script) => q.exec(script),
    async query(text, params) {
      const started = performance.now();
      try {
        return await q.query(text, params);
      } finally {
        const entry = stats.get(label(text)) ?? { count: 0, ms: 0 };
        entry.count++;
        entry.ms += performance.now() - started;
        stats.set(label(text), entry);
      }
    },
  });
  return {
    ...db,
    kind: db.kind,
    query: (text, params) => timed(db).query(text, params),
    exec: (script) => db.exec(script),
    transaction: async (work) => {
      const began = performance.now();
      const bump = (key: string, ms: number) => {
        const entry = stats.get(key) ?? { count: 0, ms: 0 };
        entry.count++;
        entry.ms += ms;
        stats.set(key, entry);
      };
      const result = await db.transaction((tx) => {
        bump('BEGIN (pool checkout + BEGIN)', performance.now() - began);
        return work(timed(tx));
      });
      return result;
    },
    close: () => db.close(),
  };
}

/**
 * Runs `taps` taps through CheckinService.applyTap in this process, one after another, against a
 * bench reader, and reports how many statements each tap sends and where the time goes. COMMIT
 * time is the transaction's total minus the timed statements.
 */
export async function profileTaps(
  db: Database,
  secret: string,
  reader: BenchReader,
  taps: number,
): Promise<StatementProfile> {
  const stats = new Map<string, { count: number; ms: number }>();
  const service = new CheckinService(instrument(db, stats), secret);
  const identity = { id: '', shelterId: reader.shelterId, mode: 'toggle' as const };
  const { rows } = await db.query<{ id: string }>('SELECT id FROM readers WHERE shelter_id = $1', [
    reader.shelterId,
  ]);
  identity.id = rows[0]!.id;
  let total = 0;
  for (let i = 0; i < taps; i++) {
    const cardUid = reader.cardUids[i % reader.cardUids.length]!;
    const started = performance.now();
    await service.applyTap(identity, {
      eventId: randomUUID(),
      cardUid,
      tappedAt: new Date().toISOString(),
      direction: 'toggle',
    });
    total += performance.now() - started;
  }
  const timedMs = [...stats.values()].reduce((a, s) => a + s.ms, 0);
  const statements = [...stats].map(([sql, s]) => ({
    sql,
    perTap: s.count / taps,
    meanMs: Math.round((s.ms / s.count) * 100) / 100,
  }));
  statements.push({
    sql: 'COMMIT + client overhead (remainder)',
    perTap: 1,
    meanMs: Math.round(((total - timedMs) / taps) * 100) / 100,
  });
  const count = [...stats.values()].reduce((a, s) => a + s.count, 0) / taps + 1;
  return {
    taps,
    statementsPerTap: Math.round(count * 10) / 10,
    msPerTap: Math.round((total / taps) * 100) / 100,
    statements,
  };
}
