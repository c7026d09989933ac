import type { Queryable } from '../../db/database.js';
import { NANAO_MUNICIPALITY_CODE } from '../region/nanao.parse.js';

/**
 * Nanao residents a replay may use: registry people living in Nanao with no whereabouts yet, or
 * whose latest whereabouts is outside any shelter and older than the replay's first snapshot
 * (a tap older than a person's latest state would only be recorded late). Read-only.
 */
export const PICK_REPLAY_RESIDENTS_SQL = `
  SELECT r.id
    FROM residents r
    LEFT JOIN whereabouts_current w ON w.resident_id = r.id
   WHERE r.home_municipality_code = $1
     AND r.registration = 'registry'
     AND (w.resident_id IS NULL OR (w.place <> 'shelter' AND w.occurred_at < $2))
   ORDER BY r.id
   LIMIT $3`;

export async function pickReplayResidents(db: Queryable, count: number, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(PICK_REPLAY_RESIDENTS_SQL, [
    NANAO_MUNICIPALITY_CODE,
    before,
    count,
  ]);
  return rows.map((row) => row.id);
}
