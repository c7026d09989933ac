import type { Queryable } from '../../db/database.js';
import type { Place, ReportSource, Safety, StayType } from '@contract/whereabouts/whereabouts.types.js';

export interface WhereaboutsHistoryRow {
  id: number;
  place: Place;
  shelter_id: string | null;
  shelter_name: string | null;
  stay_type: StayType | null;
  safety: Safety | null;
  municipality_code: string | null;
  municipality_name: string | null;
  note: string | null;
  source: ReportSource;
  reporter_role: string | null;
  occurred_at: Date;
  recorded_at: Date;
  late: boolean;
}

/** A person's whereabouts history, newest first (the resident index serves it). */
export async function listWhereaboutsHistory(
  db: Queryable,
  residentId: string,
  limit: number,
): Promise<WhereaboutsHistoryRow[]> {
  const { rows } = await db.query<WhereaboutsHistoryRow>(
    `SELECT e.id, e.place, e.shelter_id, s.name AS shelter_name, e.stay_type, e.safety,
            e.municipality_code, m.name AS municipality_name, e.note, e.source, u.role AS reporter_role,
            e.occurred_at, e.recorded_at, e.late
       FROM whereabouts_events e
       LEFT JOIN shelters s ON s.id = e.shelter_id
       LEFT JOIN municipalities m ON m.code = e.municipality_code
       LEFT JOIN users u ON u.id = e.reported_by
      WHERE e.resident_id = $1
      ORDER BY e.occurred_at DESC, e.id DESC
      LIMIT $2`,
    [residentId, limit],
  );
  return rows;
}
