import type { Queryable } from '../../db/database.js';

export async function pickDemoShelters(
  db: Queryable,
  municipalityCode: string,
  count: number,
): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM shelters
      WHERE municipality_code = $1 AND kind = 'designated_shelter'
      ORDER BY capacity_indoor DESC NULLS LAST, name LIMIT $2`,
    [municipalityCode, count],
  );
  return rows;
}

export interface DemoFamily {
  householdId: string;
  size: number;
  members: { id: string; displayName: string }[];
}

/** Households of three or more in the municipality, adults first within each. */
export async function pickDemoFamilies(
  db: Queryable,
  municipalityCode: string,
  count: number,
): Promise<DemoFamily[]> {
  const { rows } = await db.query<{ household_id: string; size: number; ids: string[]; names: string[] }>(
    `SELECT r.household_id, count(*)::int AS size,
            array_agg(r.id::text ORDER BY r.birth_date) AS ids,
            array_agg(r.family_name || ' ' || r.given_name ORDER BY r.birth_date) AS names
       FROM residents r JOIN households h ON h.id = r.household_id
      WHERE h.municipality_code = $1
      GROUP BY r.household_id
     HAVING count(*) >= 3
      ORDER BY r.household_id
      LIMIT $2`,
    [municipalityCode, count],
  );
  return rows.map((row) => ({
    householdId: row.household_id,
    size: row.size,
    members: row.ids.map((id, i) => ({ id, displayName: row.names[i] ?? '' })),
  }));
}

/** A demo incident in progress, with the demo staff's shelters open, so taps work at once. */
export async function openDemoIncident(db: Queryable, shelterIds: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO incidents (name, kind, started_at)
     SELECT '能登半島地震（デモ）', 'earthquake', now()
      WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE status = 'active')`,
  );
  await db.query(`UPDATE shelters SET status = 'open' WHERE id = ANY($1::uuid[]) AND status = 'closed'`, [
    shelterIds,
  ]);
}
