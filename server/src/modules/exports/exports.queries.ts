import type { Queryable } from '../../db/database.js';
import type { Place, ReportSource, Safety, StayType } from '@contract/whereabouts/whereabouts.types.js';

export interface ExportIncidentRow {
  id: string;
  name: string;
  started_at: Date;
  /** When records of this incident are to be deleted (end, or now while active, + retention). */
  expires_at: Date;
}

export async function findExportIncident(
  db: Queryable,
  incidentId: string | undefined,
): Promise<ExportIncidentRow | undefined> {
  const { rows } = await db.query<ExportIncidentRow>(
    `SELECT id, name, started_at, coalesce(ended_at, now()) + make_interval(days => retention_days) AS expires_at
       FROM incidents
      WHERE purged_at IS NULL
        AND (($1::uuid IS NOT NULL AND id = $1::uuid) OR ($1::uuid IS NULL AND status = 'active'))
      ORDER BY started_at DESC LIMIT 1`,
    [incidentId ?? null],
  );
  return rows[0];
}

export interface SafetyRecordRow {
  resident_id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string | null;
  given_name_kana: string | null;
  birth_date: string | null;
  sex: 'female' | 'male' | 'other' | 'unspecified';
  home_address: string | null;
  home_municipality_name: string | null;
  home_prefecture: string | null;
  whereabouts_visibility: string;
  disclose_safety: boolean;
  place: Place;
  safety: Safety | null;
  stay_type: StayType | null;
  shelter_name: string | null;
  shelter_address: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  source: ReportSource;
  occurred_at: Date;
}

/** Each person's latest state in the incident. `consentingOnly`: those who agreed to disclosure. */
export async function latestSafetyRecords(
  db: Queryable,
  incidentId: string,
  options: { consentingOnly: boolean },
): Promise<SafetyRecordRow[]> {
  const { rows } = await db.query<SafetyRecordRow>(
    `SELECT DISTINCT ON (e.resident_id)
            e.resident_id, r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.birth_date, r.sex,
            r.home_address, hm.name AS home_municipality_name, hm.prefecture AS home_prefecture,
            r.whereabouts_visibility, r.disclose_safety,
            e.place, e.safety, e.stay_type, s.name AS shelter_name, s.address AS shelter_address,
            e.municipality_code, m.name AS municipality_name, e.source, e.occurred_at
       FROM whereabouts_events e
       JOIN residents r ON r.id = e.resident_id
       LEFT JOIN municipalities hm ON hm.code = r.home_municipality_code
       LEFT JOIN shelters s ON s.id = e.shelter_id
       LEFT JOIN municipalities m ON m.code = e.municipality_code
      WHERE e.incident_id = $1 AND NOT e.late AND (NOT $2::boolean OR r.disclose_safety)
      ORDER BY e.resident_id, e.occurred_at DESC, e.id DESC`,
    [incidentId, options.consentingOnly],
  );
  return rows;
}

export interface NoteRow {
  id: number;
  resident_id: string;
  place: Place;
  safety: Safety | null;
  shelter_name: string | null;
  shelter_address: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  source: ReportSource;
  occurred_at: Date;
  recorded_at: Date;
}

/** Every report about these people in the incident, oldest first: the PFIF notes. */
export async function notesFor(db: Queryable, incidentId: string, residentIds: string[]): Promise<NoteRow[]> {
  const { rows } = await db.query<NoteRow>(
    `SELECT e.id, e.resident_id, e.place, e.safety, s.name AS shelter_name, s.address AS shelter_address,
            e.municipality_code, m.name AS municipality_name, e.source, e.occurred_at, e.recorded_at
       FROM whereabouts_events e
       LEFT JOIN shelters s ON s.id = e.shelter_id
       LEFT JOIN municipalities m ON m.code = e.municipality_code
      WHERE e.incident_id = $1 AND e.resident_id = ANY($2::uuid[])
      ORDER BY e.resident_id, e.occurred_at, e.id`,
    [incidentId, residentIds],
  );
  return rows;
}
