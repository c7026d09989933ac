import type { Queryable } from '../../db/database.js';
import { lockInboxWriters } from '../inbox/inbox-writers.js';

export interface PurgeIncidentRow {
  id: string;
  name: string;
  status: 'active' | 'closed';
  started_at: Date;
  ended_at: Date | null;
  purge_after: Date | null;
  purged_at: Date | null;
}

export async function lockIncident(db: Queryable, incidentId: string): Promise<PurgeIncidentRow | undefined> {
  const { rows } = await db.query<PurgeIncidentRow>(
    `SELECT id, name, status, started_at, ended_at, purged_at,
            ended_at + make_interval(days => retention_days) AS purge_after
       FROM incidents WHERE id = $1 FOR UPDATE`,
    [incidentId],
  );
  return rows[0];
}

/** Counts that outlive the personal records; the first computation is kept. */
export async function saveIncidentStats(db: Queryable, incident: PurgeIncidentRow): Promise<void> {
  await db.query(
    `WITH events AS (SELECT * FROM whereabouts_events WHERE incident_id = $1),
          counted AS (
            SELECT (SELECT count(DISTINCT resident_id) FROM events)::int AS people_reported,
                   (SELECT count(*) FROM events)::int AS whereabouts_events,
                   (SELECT count(*) FROM taps WHERE tapped_at BETWEEN $2 AND $3)::int AS taps,
                   (SELECT count(DISTINCT shelter_id) FROM events)::int AS shelters_used,
                   coalesce((SELECT jsonb_object_agg(source, n) FROM (SELECT source, count(*) AS n FROM events GROUP BY source) x), '{}') AS by_source,
                   coalesce((SELECT jsonb_object_agg(place, n) FROM (SELECT place, count(*) AS n FROM events GROUP BY place) x), '{}') AS by_place,
                   coalesce((SELECT jsonb_object_agg(coalesce(safety, 'unknown'), n)
                               FROM (SELECT safety, count(*) AS n FROM events GROUP BY safety) x), '{}') AS by_safety
          )
     INSERT INTO incident_stats (incident_id, people_reported, whereabouts_events, taps, shelters_used, by_source, by_place, by_safety)
     SELECT $1, people_reported, whereabouts_events, taps, shelters_used, by_source, by_place, by_safety FROM counted
     ON CONFLICT (incident_id) DO NOTHING`,
    [incident.id, incident.started_at, incident.ended_at],
  );
}

/**
 * Drops the current state of people whose latest report belongs to the incident, then brings the
 * counters of the shelters they were in back in line with what remains.
 */
export async function dropCurrentStates(db: Queryable, incidentId: string): Promise<number> {
  const { rows } = await db.query<{ shelter_id: string | null }>(
    `DELETE FROM whereabouts_current w USING whereabouts_events e
      WHERE e.id = w.event_id AND e.incident_id = $1
      RETURNING w.shelter_id`,
    [incidentId],
  );
  const shelterIds = [
    ...new Set(rows.map((row) => row.shelter_id).filter((id): id is string => id !== null)),
  ];
  if (shelterIds.length > 0) {
    await db.query(
      `UPDATE shelters s SET occupancy_day = c.day, occupancy_overnight = c.night, occupancy = c.day + c.night,
              occupancy_updated_at = now()
         FROM (SELECT s2.id,
                      count(w.resident_id) FILTER (WHERE w.stay_type = 'day')::int AS day,
                      count(w.resident_id) FILTER (WHERE w.stay_type = 'overnight')::int AS night
                 FROM shelters s2 LEFT JOIN whereabouts_current w ON w.shelter_id = s2.id
                WHERE s2.id = ANY($1::uuid[]) GROUP BY s2.id) c
        WHERE s.id = c.id`,
      [shelterIds],
    );
  }
  return rows.length;
}

export async function deleteEvents(db: Queryable, incidentId: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM whereabouts_events WHERE incident_id = $1', [incidentId]);
  return rowCount;
}

/** Taps stay (they count, and keep replays idempotent) but no longer point at a person or card. */
export async function anonymiseTaps(db: Queryable, from: Date, to: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE taps SET resident_id = NULL, card_token = 'purged'
      WHERE tapped_at BETWEEN $1 AND $2 AND (resident_id IS NOT NULL OR card_token <> 'purged')`,
    [from, to],
  );
  return rowCount;
}

export async function deleteSharedLocations(db: Queryable, until: Date): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM resident_locations WHERE updated_at <= $1 OR expires_at < now()',
    [until],
  );
  return rowCount;
}

/**
 * Inbox entries of the incident's warnings (they hold responses, notes and positions), when the
 * alerts module is installed (0008: inbox_items.alert_id → alerts.incident_id).
 */
export async function deleteInboxItems(db: Queryable, incidentId: string): Promise<number | null> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = current_schema()
        AND ((table_name = 'inbox_items' AND column_name = 'alert_id') OR (table_name = 'alerts' AND column_name = 'incident_id'))`,
  );
  if ((rows[0]?.n ?? 0) < 2) return null;
  // Under the writers' lock, which first writes any pending warning entries as rows: a set left
  // pending would otherwise become rows after the purge.
  await lockInboxWriters(db);
  const { rowCount } = await db.query(
    'DELETE FROM inbox_items i USING alerts a WHERE a.id = i.alert_id AND a.incident_id = $1',
    [incidentId],
  );
  return rowCount;
}

export async function markPurged(db: Queryable, incidentId: string): Promise<void> {
  await db.query('UPDATE incidents SET purged_at = now() WHERE id = $1', [incidentId]);
}
