import type { Queryable } from '../../db/database.js';
import type { Place, StayType } from '@contract/whereabouts/whereabouts.types.js';

export interface CurrentPlaceRow {
  place: Place;
  shelter_id: string | null;
  stay_type: StayType | null;
  municipality_code: string | null;
}

/** Where the person is now, with the municipality of an "evacuated outside" report. */
export async function findCurrentPlace(
  db: Queryable,
  residentId: string,
): Promise<CurrentPlaceRow | undefined> {
  const { rows } = await db.query<CurrentPlaceRow>(
    `SELECT w.place, w.shelter_id, w.stay_type, e.municipality_code
       FROM whereabouts_current w JOIN whereabouts_events e ON e.id = w.event_id
      WHERE w.resident_id = $1`,
    [residentId],
  );
  return rows[0];
}

export async function findShelterStatus(db: Queryable, shelterId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ status: string }>('SELECT status FROM shelters WHERE id = $1', [
    shelterId,
  ]);
  return rows[0]?.status;
}

/** Keeps the last point a person chose to share, for a short time only; returns when it lapses. */
export async function upsertSharedLocation(
  db: Queryable,
  input: { residentId: string; lat: number; lon: number; accuracy: number | null; keepMinutes: number },
): Promise<Date> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO resident_locations (resident_id, location, accuracy_m, updated_at, expires_at)
     VALUES ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, now(), now() + make_interval(mins => $5))
     ON CONFLICT (resident_id) DO UPDATE SET
       location = EXCLUDED.location, accuracy_m = EXCLUDED.accuracy_m,
       updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at
     RETURNING expires_at`,
    [input.residentId, input.lon, input.lat, input.accuracy, input.keepMinutes],
  );
  return rows[0]!.expires_at;
}
