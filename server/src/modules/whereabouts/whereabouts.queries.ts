import type { Queryable } from '../../db/database.js';
import type {
  CurrentWhereabouts,
  ShelterOccupancy,
  WhereaboutsReport,
} from '@contract/whereabouts/whereabouts.types.js';

/**
 * Serialises every change to one person's state. NO KEY UPDATE does not block rows elsewhere that
 * merely reference the resident.
 */
export async function lockResident(db: Queryable, residentId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM residents WHERE id = $1 FOR NO KEY UPDATE', [
    residentId,
  ]);
  return rowCount === 1;
}

export async function findCurrent(
  db: Queryable,
  residentId: string,
): Promise<CurrentWhereabouts | undefined> {
  const { rows } = await db.query<{
    place: CurrentWhereabouts['place'];
    shelter_id: string | null;
    stay_type: CurrentWhereabouts['stayType'];
    safety: CurrentWhereabouts['safety'];
    source: CurrentWhereabouts['source'];
    occurred_at: Date;
  }>(
    `SELECT place, shelter_id, stay_type, safety, source, occurred_at
       FROM whereabouts_current WHERE resident_id = $1`,
    [residentId],
  );
  const row = rows[0];
  return row
    ? {
        place: row.place,
        shelterId: row.shelter_id,
        stayType: row.stay_type,
        safety: row.safety,
        source: row.source,
        occurredAt: row.occurred_at,
      }
    : undefined;
}

/**
 * Current state of several people (a group of card taps). Run it after locking them, as its own
 * statement, so it sees what the previous lock holders committed.
 */
export async function findCurrentMany(
  db: Queryable,
  residentIds: readonly string[],
): Promise<Map<string, CurrentWhereabouts>> {
  const { rows } = await db.query<{
    resident_id: string;
    place: CurrentWhereabouts['place'];
    shelter_id: string | null;
    stay_type: CurrentWhereabouts['stayType'];
    safety: CurrentWhereabouts['safety'];
    source: CurrentWhereabouts['source'];
    occurred_at: Date;
  }>(
    `SELECT resident_id, place, shelter_id, stay_type, safety, source, occurred_at
       FROM whereabouts_current WHERE resident_id = ANY($1::uuid[])`,
    [residentIds],
  );
  return new Map(
    rows.map((row) => [
      row.resident_id,
      {
        place: row.place,
        shelterId: row.shelter_id,
        stayType: row.stay_type,
        safety: row.safety,
        source: row.source,
        occurredAt: row.occurred_at,
      },
    ]),
  );
}

export async function insertEvent(
  db: Queryable,
  report: WhereaboutsReport & { late: boolean; stayType: string | null; safety: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO whereabouts_events
       (resident_id, incident_id, place, shelter_id, stay_type, safety, note, source, reported_by, tap_event_id, occurred_at, late,
        municipality_code)
     VALUES ($1, (SELECT id FROM incidents WHERE status = 'active' ORDER BY started_at DESC LIMIT 1),
             $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     RETURNING id`,
    [
      report.residentId,
      report.place,
      report.shelterId ?? null,
      report.stayType,
      report.safety,
      report.note ?? null,
      report.source,
      report.reportedBy ?? null,
      report.tapEventId ?? null,
      report.occurredAt,
      report.late,
      report.municipalityCode ?? null,
    ],
  );
  return rows[0]!.id;
}

/** Appends the event and makes it the current state, in one round trip. Returns the event id. */
export async function insertEventAsCurrent(
  db: Queryable,
  report: WhereaboutsReport & { stayType: string | null; safety: string | null; shelterId: string | null },
): Promise<number> {
  const { rows } = await db.query<{ event_id: number }>(
    `WITH event AS (
       INSERT INTO whereabouts_events
         (resident_id, incident_id, place, shelter_id, stay_type, safety, note, source, reported_by, tap_event_id, occurred_at, late,
          municipality_code)
       VALUES ($1, (SELECT id FROM incidents WHERE status = 'active' ORDER BY started_at DESC LIMIT 1),
               $2, $3, $4, $5, $6, $7, $8, $9, $10, false, $11)
       RETURNING id
     )
     INSERT INTO whereabouts_current (resident_id, place, shelter_id, stay_type, safety, source, occurred_at, event_id)
     SELECT $1, $2, $3, $4, $5, $7, $10, event.id FROM event
     ON CONFLICT (resident_id) DO UPDATE SET
       place = EXCLUDED.place, shelter_id = EXCLUDED.shelter_id, stay_type = EXCLUDED.stay_type,
       safety = EXCLUDED.safety, source = EXCLUDED.source, occurred_at = EXCLUDED.occurred_at,
       event_id = EXCLUDED.event_id
     RETURNING event_id`,
    [
      report.residentId,
      report.place,
      report.shelterId,
      report.stayType,
      report.safety,
      report.note ?? null,
      report.source,
      report.reportedBy ?? null,
      report.tapEventId ?? null,
      report.occurredAt,
      report.municipalityCode ?? null,
    ],
  );
  return rows[0]!.event_id;
}

/** A shelters row as RETURNING/SELECT `OCCUPANCY_COLUMNS` gives it. */
export interface OccupancyRow {
  id: string;
  occupancy: number;
  occupancy_day: number;
  occupancy_overnight: number;
  capacity_indoor: number | null;
  status: ShelterOccupancy['status'];
}

export const OCCUPANCY_COLUMNS = 'id, occupancy, occupancy_day, occupancy_overnight, capacity_indoor, status';

export const toOccupancy = (row: OccupancyRow): ShelterOccupancy => ({
  shelterId: row.id,
  occupancy: row.occupancy,
  occupancyDay: row.occupancy_day,
  occupancyOvernight: row.occupancy_overnight,
  capacity: row.capacity_indoor,
  status: row.status,
});

/**
 * Adds to a shelter's counters and recomputes open/full in the same statement. A closed shelter
 * stays closed (people may still leave it).
 */
export async function adjustOccupancy(
  db: Queryable,
  shelterId: string,
  deltaDay: number,
  deltaOvernight: number,
): Promise<ShelterOccupancy> {
  const { rows } = await db.query<OccupancyRow>(
    `UPDATE shelters SET
        occupancy_day = occupancy_day + $2,
        occupancy_overnight = occupancy_overnight + $3,
        occupancy = occupancy + $2 + $3,
        status = CASE
          WHEN status = 'closed' THEN 'closed'
          WHEN capacity_indoor > 0 AND (occupancy + $2 + $3) * 100 >= capacity_indoor * full_threshold_percent THEN 'full'
          ELSE 'open' END,
        occupancy_updated_at = now()
      WHERE id = $1
      RETURNING ${OCCUPANCY_COLUMNS}`,
    [shelterId, deltaDay, deltaOvernight],
  );
  return toOccupancy(rows[0]!);
}

export async function readOccupancy(db: Queryable, shelterId: string): Promise<ShelterOccupancy | undefined> {
  const { rows } = await db.query<OccupancyRow>(`SELECT ${OCCUPANCY_COLUMNS} FROM shelters WHERE id = $1`, [
    shelterId,
  ]);
  return rows[0] && toOccupancy(rows[0]);
}
