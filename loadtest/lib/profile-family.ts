import type { Database } from '../../server/src/db/database.js';
import { createLogger } from '../../server/src/logger.js';
import { FamilyRooms } from '../../server/src/modules/family/family.socket.js';
import { FamilyService } from '../../server/src/modules/family/family.service.js';
import type { FamilyViewer } from './family-fixtures.js';
import { instrument } from './profile-tap.js';

export interface LookupProfile {
  lookups: number;
  statementsPerLookup: number;
  /** Wall time per lookup (session and family list, one statement), sequential. */
  msPerLookup: number;
  statements: { sql: string; perLookup: number; meanMs: number }[];
}

/**
 * What one family lookup asks of the database, in this process and one at a time (no
 * contention): what the route does, FamilyService.listForSession (the session is resolved by the
 * statement that reads the family). Every statement is counted and timed; COMMIT is the
 * remainder of the lookup's time.
 */
export async function profileFamilyLookups(
  db: Database,
  viewers: FamilyViewer[],
  lookups: number,
  sessionIdleMinutes: number,
): Promise<LookupProfile> {
  const stats = new Map<string, { count: number; ms: number }>();
  const timed = instrument(db, stats);
  const family = new FamilyService(timed, new FamilyRooms(timed, undefined, createLogger('silent')), {
    sessionIdleMinutes,
  });
  let total = 0;
  for (let i = 0; i < lookups; i++) {
    const viewer = viewers[i % viewers.length]!;
    const started = performance.now();
    const answer = await family.listForSession(viewer.sessionId);
    if (answer.self.residentId !== viewer.residentId)
      throw new Error('bench lookup answered for someone else');
    total += performance.now() - started;
  }
  const timedMs = [...stats.values()].reduce((a, s) => a + s.ms, 0);
  const statements = [...stats].map(([sql, s]) => ({
    sql,
    perLookup: s.count / lookups,
    meanMs: Math.round((s.ms / s.count) * 100) / 100,
  }));
  statements.push({
    sql: 'COMMIT + client overhead (remainder)',
    perLookup: 1,
    meanMs: Math.round(((total - timedMs) / lookups) * 100) / 100,
  });
  const count = [...stats.values()].reduce((a, s) => a + s.count, 0) / lookups + 1;
  return {
    lookups,
    statementsPerLookup: Math.round(count * 10) / 10,
    msPerLookup: Math.round((total / lookups) * 100) / 100,
    statements,
  };
}
