import type { Queryable } from '../../db/database.js';
import type { PersonIdentityRow } from '@contract/people/person-identity.js';
import { OCCUPANCY_COLUMNS, toOccupancy, type OccupancyRow } from '../whereabouts/whereabouts.queries.js';
import type { ShelterOccupancy } from '@contract/whereabouts/whereabouts.types.js';

export interface ShelterDetailRow {
  id: string;
  name: string;
  name_kana: string | null;
  kind: 'designated_shelter' | 'emergency_site' | 'welfare_shelter';
  address: string | null;
  municipality_code: string;
  municipality_name: string;
  lon: number;
  lat: number;
  hazards: string[];
  capacity_indoor: number | null;
  capacity_outdoor: number | null;
  occupancy: number;
  occupancy_day: number;
  occupancy_overnight: number;
  occupancy_updated_at: Date | null;
  status: 'open' | 'closed' | 'full';
  full_threshold_percent: number;
  special_care_inside: number;
}

export async function findShelterDetail(
  db: Queryable,
  shelterId: string,
): Promise<ShelterDetailRow | undefined> {
  const { rows } = await db.query<ShelterDetailRow>(
    `SELECT s.id, s.name, s.name_kana, s.kind, s.address, s.municipality_code, m.name AS municipality_name,
            ST_X(s.location) AS lon, ST_Y(s.location) AS lat, s.hazards, s.capacity_indoor, s.capacity_outdoor,
            s.occupancy, s.occupancy_day, s.occupancy_overnight, s.occupancy_updated_at, s.status,
            s.full_threshold_percent,
            (SELECT count(*)::int FROM whereabouts_current w JOIN residents r ON r.id = w.resident_id
              WHERE w.shelter_id = s.id AND cardinality(r.care_needs) > 0) AS special_care_inside
       FROM shelters s JOIN municipalities m ON m.code = s.municipality_code
      WHERE s.id = $1`,
    [shelterId],
  );
  return rows[0];
}

/**
 * Opens or closes a shelter and/or changes its full threshold. An open shelter's status is
 * recomputed from its occupancy with the (new) threshold, as a tap would.
 */
export async function updateShelterSettings(
  db: Queryable,
  shelterId: string,
  change: { status?: 'open' | 'closed'; fullThresholdPercent?: number },
): Promise<ShelterOccupancy | undefined> {
  const { rows } = await db.query<OccupancyRow>(
    `UPDATE shelters SET
        full_threshold_percent = COALESCE($3::int, full_threshold_percent),
        status = CASE
          WHEN COALESCE($2::text, CASE WHEN status = 'closed' THEN 'closed' ELSE 'open' END) = 'closed' THEN 'closed'
          WHEN capacity_indoor > 0 AND occupancy * 100 >= capacity_indoor * COALESCE($3::int, full_threshold_percent) THEN 'full'
          ELSE 'open' END,
        updated_at = now()
      WHERE id = $1
      RETURNING ${OCCUPANCY_COLUMNS}`,
    [shelterId, change.status ?? null, change.fullThresholdPercent ?? null],
  );
  return rows[0] && toOccupancy(rows[0]);
}

export interface OccupantRow extends PersonIdentityRow {
  resident_id: string;
  language: string;
  care_needs: string[];
  stay_type: 'day' | 'overnight';
  since: Date;
  source: string;
  safety: string | null;
  total: number;
}

/**
 * People inside a shelter now. The optional name filter accepts any script: a substring or a
 * close trigram match of the written name or of the (long-vowel folded) reading.
 */
export async function listOccupants(
  db: Queryable,
  shelterId: string,
  filter: { written: string; readings: string[] } | undefined,
  limit: number,
): Promise<OccupantRow[]> {
  const { rows } = await db.query<OccupantRow>(
    `SELECT r.id AS resident_id, r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.birth_date,
            r.sex, r.registration, r.language, r.care_needs, w.stay_type, w.occurred_at AS since, w.source, w.safety,
            count(*) OVER ()::int AS total
       FROM whereabouts_current w JOIN residents r ON r.id = w.resident_id
      WHERE w.shelter_id = $1
        AND ($2::text IS NULL
             OR strpos(lower(r.family_name || r.given_name), $2) > 0
             OR similarity(r.family_name || r.given_name, $2) >= 0.3
             OR EXISTS (
               SELECT 1 FROM unnest($3::text[]) AS q(reading),
                      LATERAL (SELECT kana_fold(coalesce(r.family_name_kana, '') || coalesce(r.given_name_kana, '')) AS own) o
                WHERE strpos(o.own, kana_fold(q.reading)) > 0 OR similarity(o.own, kana_fold(q.reading)) >= 0.3))
      ORDER BY r.family_name_kana NULLS LAST, r.given_name_kana NULLS LAST, r.family_name, r.id
      LIMIT $4`,
    [shelterId, filter?.written ?? null, filter?.readings ?? [], limit],
  );
  return rows;
}

export interface TapLogRow {
  event_id: string;
  reader_id: string;
  reader_name: string;
  outcome: 'checked_in' | 'checked_out' | 'transferred' | 'recorded_late' | 'unknown_card' | 'rejected';
  error_id: string | null;
  tapped_at: Date;
  received_at: Date;
  resident_id: string | null;
  display_name: string | null;
  resolved_at: Date | null;
  occupancy_after: number | null;
}

export async function listTaps(db: Queryable, shelterId: string, limit: number): Promise<TapLogRow[]> {
  const { rows } = await db.query<TapLogRow>(
    `SELECT t.event_id, t.reader_id, rd.name AS reader_name, t.outcome, t.error_id, t.tapped_at, t.received_at,
            t.resident_id, r.family_name || ' ' || r.given_name AS display_name, t.resolved_at, t.occupancy_after
       FROM taps t
       JOIN readers rd ON rd.id = t.reader_id
       LEFT JOIN residents r ON r.id = t.resident_id
      WHERE t.shelter_id = $1
      ORDER BY t.received_at DESC, t.tapped_at DESC
      LIMIT $2`,
    [shelterId, limit],
  );
  return rows;
}

export async function setCareNeeds(db: Queryable, residentId: string, careNeeds: string[]): Promise<void> {
  await db.query('UPDATE residents SET care_needs = $2::text[] WHERE id = $1', [residentId, careNeeds]);
}

export async function findCareNeeds(db: Queryable, residentId: string): Promise<string[]> {
  const { rows } = await db.query<{ care_needs: string[] }>(
    'SELECT care_needs FROM residents WHERE id = $1',
    [residentId],
  );
  return rows[0]?.care_needs ?? [];
}
