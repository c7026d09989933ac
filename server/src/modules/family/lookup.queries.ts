import type { Queryable } from '../../db/database.js';
import type { PersonIdentityRow, PersonNameRow } from '@contract/people/person-identity.js';

export interface ProfileRow extends PersonIdentityRow {
  id: string;
  home_address: string | null;
  home_municipality_code: string | null;
  home_municipality_name: string | null;
  care_needs: string[];
  current_shelter_id: string | null;
}

export async function findProfile(db: Queryable, residentId: string): Promise<ProfileRow | undefined> {
  const { rows } = await db.query<ProfileRow>(
    `SELECT r.id, r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.birth_date, r.sex,
            r.registration, r.home_address, r.home_municipality_code, m.name AS home_municipality_name,
            r.care_needs, w.shelter_id AS current_shelter_id
       FROM residents r
       LEFT JOIN municipalities m ON m.code = r.home_municipality_code
       LEFT JOIN whereabouts_current w ON w.resident_id = r.id
      WHERE r.id = $1`,
    [residentId],
  );
  return rows[0];
}

export interface IncidentRow {
  id: string;
  name: string;
  started_at: Date;
}

/** The given incident, or the most recent active one. */
export async function findIncident(
  db: Queryable,
  incidentId: string | undefined,
): Promise<IncidentRow | undefined> {
  const { rows } = await db.query<IncidentRow>(
    `SELECT id, name, started_at FROM incidents
      WHERE ($1::uuid IS NOT NULL AND id = $1::uuid) OR ($1::uuid IS NULL AND status = 'active')
      ORDER BY started_at DESC LIMIT 1`,
    [incidentId ?? null],
  );
  return rows[0];
}

export async function isValidArea(db: Queryable, geojson: string): Promise<boolean> {
  const { rows } = await db.query<{ valid: boolean }>('SELECT ST_IsValid(ST_GeomFromGeoJSON($1)) AS valid', [
    geojson,
  ]);
  return rows[0]?.valid === true;
}

export interface UnaccountedRow extends PersonNameRow {
  id: string;
  home_address: string | null;
  care_needs: string[];
}

/**
 * Registered residents whose home is in the area and of whom nothing was heard (no tap, no self,
 * family or staff report) since `since`. Pages in id order; the NOT EXISTS probe uses the
 * (resident_id, occurred_at) index, the area the municipality index or the home_point GiST.
 */
export async function listUnaccounted(
  db: Queryable,
  input: {
    area: { municipality: string } | { geojson: string };
    since: Date;
    after: string | undefined;
    limit: number;
  },
): Promise<UnaccountedRow[]> {
  const areaCondition =
    'municipality' in input.area
      ? 'r.home_municipality_code = $4'
      : 'ST_Intersects(r.home_point, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))';
  const areaValue = 'municipality' in input.area ? input.area.municipality : input.area.geojson;
  const { rows } = await db.query<UnaccountedRow>(
    `SELECT r.id, r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.birth_date,
            r.home_address, r.care_needs
       FROM residents r
      WHERE ${areaCondition}
        AND r.registration = 'registry'
        AND ($2::uuid IS NULL OR r.id > $2::uuid)
        AND NOT EXISTS (SELECT 1 FROM whereabouts_events e WHERE e.resident_id = r.id AND e.occurred_at >= $1)
      ORDER BY r.id
      LIMIT $3`,
    [input.since, input.after ?? null, input.limit, areaValue],
  );
  return rows;
}
