import type { Queryable } from '../../db/database.js';
import type { Place } from '@contract/whereabouts/whereabouts.types.js';

/** The conditions of an alert that still applies (as in alerts.queries.ts). */
const ACTIVE_ALERT = `a.superseded_by IS NULL AND NOT a.cancelled AND a.msg_type <> 'Cancel'
  AND a.status <> 'Draft' AND (a.expires IS NULL OR a.expires > now())`;

export interface ActiveIncidentRow {
  id: string;
  name: string;
  started_at: Date;
}

export async function findActiveIncident(db: Queryable): Promise<ActiveIncidentRow | undefined> {
  const { rows } = await db.query<ActiveIncidentRow>(
    `SELECT id, name, started_at FROM incidents
      WHERE status = 'active' AND purged_at IS NULL
      ORDER BY started_at DESC LIMIT 1`,
  );
  return rows[0];
}

export interface ShelterTotalsRow {
  shelters: number;
  open: number;
  full: number;
  in_shelters: number;
}

/** ~2,400 rows: cheap enough to read on every refresh. */
export async function shelterTotals(db: Queryable): Promise<ShelterTotalsRow> {
  const { rows } = await db.query<ShelterTotalsRow>(
    `SELECT count(*)::int AS shelters,
            count(*) FILTER (WHERE status <> 'closed')::int AS open,
            count(*) FILTER (WHERE status = 'full'
              OR (status = 'open' AND capacity_indoor > 0 AND occupancy >= capacity_indoor))::int AS full,
            coalesce(sum(occupancy), 0)::int AS in_shelters
       FROM shelters`,
  );
  return rows[0]!;
}

export interface ChangeMarkRow {
  last_event_id: string | null;
  registry: string;
  /** Active warnings and when the set last changed (issue, update, cancel; expiry shows in the ids). */
  alerts: string;
}

/**
 * What the people counts and the heat grid depend on, read from index probes: when nothing moved,
 * the last counts still hold and the scans are skipped.
 */
export async function peopleChangeMark(db: Queryable): Promise<ChangeMarkRow> {
  const { rows } = await db.query<ChangeMarkRow>(
    `SELECT (SELECT max(id) FROM whereabouts_events)::text AS last_event_id,
            (SELECT residents FROM registry_count)::text AS registry,
            (SELECT coalesce(string_agg(a.id::text, ',' ORDER BY a.id), '') FROM alerts a WHERE ${ACTIVE_ALERT})
              AS alerts`,
  );
  return rows[0]!;
}

export interface PeopleCountsRow {
  registry: string;
  by_place: Partial<Record<Place, number>>;
  heard_unregistered: number;
}

/**
 * People heard of since `since` (any tap or report; null = ever) by where they are now, and how
 * many of them are outside the registry. One pass over `whereabouts_current`; the registry size
 * comes from the trigger-kept count (migration 0017).
 */
export async function peopleCounts(db: Queryable, since: Date | null): Promise<PeopleCountsRow> {
  const { rows } = await db.query<PeopleCountsRow>(
    `SELECT (SELECT residents FROM registry_count)::text AS registry,
            (SELECT coalesce(jsonb_object_agg(place, people), '{}'::jsonb)
               FROM (SELECT place, count(*)::int AS people FROM whereabouts_current
                      WHERE $1::timestamptz IS NULL OR occurred_at >= $1
                      GROUP BY place) AS heard) AS by_place,
            (SELECT count(*)::int FROM residents r JOIN whereabouts_current w ON w.resident_id = r.id
              WHERE r.registration <> 'registry'
                AND ($1::timestamptz IS NULL OR w.occurred_at >= $1)) AS heard_unregistered`,
    [since],
  );
  return rows[0]!;
}

export interface HeatCellRow {
  alert_id: string;
  lon: number;
  lat: number;
  people: number;
}

/**
 * Registered residents whose home lies inside an active warning's footprint and who were not
 * heard of since the incident began (the alert's incident, else the active one, else since the
 * alert was sent), counted per grid cell: cell centres and counts, never a person.
 */
export async function unaccountedHeatCells(
  db: Queryable,
  input: { activeIncidentStart: Date | null; cellLon: number; cellLat: number },
): Promise<HeatCellRow[]> {
  const { rows } = await db.query<HeatCellRow>(
    `WITH areas AS (
       SELECT a.id AS alert_id, ST_Union(ar.footprint) AS footprint,
              coalesce(i.started_at, $1::timestamptz, a.sent) AS since
         FROM alerts a
         JOIN alert_areas ar ON ar.alert_id = a.id AND ar.footprint IS NOT NULL
         LEFT JOIN incidents i ON i.id = a.incident_id
        WHERE ${ACTIVE_ALERT}
        GROUP BY a.id, i.started_at, a.sent
     ), cells AS (
       SELECT areas.alert_id, ST_SnapToGrid(r.home_point, $2, $3) AS cell
         FROM areas
         JOIN residents r ON ST_Intersects(r.home_point, areas.footprint)
         LEFT JOIN whereabouts_current w ON w.resident_id = r.id
        WHERE r.registration = 'registry' AND (w.occurred_at IS NULL OR w.occurred_at < areas.since)
     )
     SELECT alert_id, ST_X(cell) AS lon, ST_Y(cell) AS lat, count(*)::int AS people
       FROM cells
      GROUP BY alert_id, cell
      ORDER BY alert_id, lat, lon`,
    [input.activeIncidentStart, input.cellLon, input.cellLat],
  );
  return rows;
}
