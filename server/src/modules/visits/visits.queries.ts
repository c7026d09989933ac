import type { Queryable } from '../../db/database.js';
import { supporterAreaSql } from '../../policies/visits.js';
import type { VisitClosingEvent, VisitOutcome, VisitStatus } from '@contract/visits/visits.schema.js';
import { HOME_POINT } from './unreached.queries.js';

const OPEN = `status IN ('open', 'assigned')`;

/** What every change of a task sends live: the task and who it is assigned to. */
export interface TaskChange {
  id: string;
  alert_id: string;
  status: VisitStatus;
  assigned_to: string | null;
  closed_by_event: VisitClosingEvent | null;
}
const CHANGE = 'id, alert_id, status, assigned_to, closed_by_event';

export interface OpenResult {
  opened: TaskChange[];
  targeted: number;
  accounted: number;
}

/**
 * Opens one task per asked person who is targeted by the warning (an entry that is not a cancel)
 * and not heard of since it went out (a tap or report after the warning: they need no visit).
 * Idempotent: a person with an open task for this warning keeps it (the partial unique index).
 */
export async function openTasks(
  db: Queryable,
  input: {
    alertId: string;
    residentIds: readonly string[];
    via: 'escalation' | 'hq';
    openedBy: string | null;
  },
): Promise<OpenResult> {
  const { rows } = await db.query<{ opened: TaskChange[] | null; targeted: number; accounted: number }>(
    `WITH alert AS (SELECT id, created_at FROM alerts WHERE id = $1),
     targeted AS (
       SELECT DISTINCT x.resident_id FROM inbox_items x
        WHERE x.alert_id = (SELECT id FROM alert) AND x.action <> 'cancel'
          AND x.resident_id = ANY ($2::uuid[])
     ),
     accounted AS (
       SELECT t.resident_id FROM targeted t JOIN whereabouts_current w ON w.resident_id = t.resident_id
        WHERE w.occurred_at >= (SELECT created_at FROM alert) AND w.source <> 'import'
     ),
     inserted AS (
       INSERT INTO visit_tasks (alert_id, resident_id, household_id, municipality_code, opened_via, opened_by)
       SELECT $1, r.id, r.household_id, COALESCE(r.home_municipality_code, h.municipality_code), $3, $4
         FROM targeted t JOIN residents r ON r.id = t.resident_id
         LEFT JOIN households h ON h.id = r.household_id
        WHERE t.resident_id NOT IN (SELECT resident_id FROM accounted)
        ORDER BY r.id
       ON CONFLICT (alert_id, resident_id) WHERE ${OPEN} DO NOTHING
       RETURNING ${CHANGE}
     )
     SELECT (SELECT json_agg(inserted) FROM inserted) AS opened,
            (SELECT count(*)::int FROM targeted) AS targeted,
            (SELECT count(*)::int FROM accounted) AS accounted`,
    [input.alertId, input.residentIds, input.via, input.openedBy],
  );
  const row = rows[0]!;
  return { opened: row.opened ?? [], targeted: row.targeted, accounted: row.accounted };
}

export interface LockedTask {
  id: string;
  status: VisitStatus;
  assigned_to: string | null;
  /** Whether the task lies in the area of the user the lock was taken for (supporters). */
  in_area: boolean;
}

/** Locks tasks (id order) and says of each whether it lies in `userId`'s supporter area. */
export async function lockTasks(
  db: Queryable,
  taskIds: readonly string[],
  userId: string,
): Promise<LockedTask[]> {
  const { rows } = await db.query<LockedTask>(
    `SELECT v.id, v.status, v.assigned_to, ${supporterAreaSql('v', HOME_POINT, '$2::uuid')} AS in_area
       FROM visit_tasks v
       JOIN residents r ON r.id = v.resident_id
       LEFT JOIN households h ON h.id = r.household_id
      WHERE v.id = ANY ($1::uuid[])
      ORDER BY v.id
        FOR UPDATE OF v`,
    [taskIds, userId],
  );
  return rows;
}

export async function assignTasks(
  db: Queryable,
  input: { taskIds: readonly string[]; assigneeId: string; assignedBy: string },
): Promise<(TaskChange & { previous_assignee: string | null })[]> {
  const { rows } = await db.query<TaskChange & { previous_assignee: string | null }>(
    `UPDATE visit_tasks v SET status = 'assigned', assigned_to = $2, assigned_by = $3, assigned_at = now()
       FROM (SELECT id, assigned_to FROM visit_tasks WHERE id = ANY ($1::uuid[])) AS before
      WHERE v.id = before.id AND v.${OPEN}
      RETURNING v.id, v.alert_id, v.status, v.assigned_to, v.closed_by_event, before.assigned_to AS previous_assignee`,
    [input.taskIds, input.assigneeId, input.assignedBy],
  );
  return rows;
}

export async function finishTask(
  db: Queryable,
  input: {
    taskId: string;
    userId: string;
    status: 'done' | 'cancelled';
    outcome: VisitOutcome | null;
    note: string | null;
  },
): Promise<TaskChange | undefined> {
  const { rows } = await db.query<TaskChange>(
    `UPDATE visit_tasks SET status = $3, outcome = $4, outcome_note = $5,
            closed_at = now(), closed_by = $2, closed_by_event = 'staff'
      WHERE id = $1 AND ${OPEN}
      RETURNING ${CHANGE}`,
    [input.taskId, input.userId, input.status, input.outcome, input.note],
  );
  return rows[0];
}

/**
 * Closes by itself every open task of these people (of one warning chain when `lineageOf` names
 * an alert of it), in one statement. Taps, reports and responses call it inside their own
 * transaction, so the task closes if and only if the event commits.
 */
export async function closeTasksOf(
  db: Queryable,
  input: { residentIds: readonly string[]; event: Exclude<VisitClosingEvent, 'staff'>; lineageOf?: string },
): Promise<TaskChange[]> {
  const { rows } = await db.query<TaskChange>(
    `UPDATE visit_tasks v SET status = 'closed_automatically', closed_at = now(), closed_by_event = $2
      WHERE v.resident_id = ANY ($1::uuid[]) AND v.${OPEN}
        AND ($3::uuid IS NULL OR v.alert_id IN (
              SELECT a.id FROM alerts a WHERE a.lineage_id = (SELECT lineage_id FROM alerts WHERE id = $3::uuid)))
      RETURNING ${CHANGE}`,
    [input.residentIds, input.event, input.lineageOf ?? null],
  );
  return rows;
}

export interface HqTaskRow {
  id: string;
  alert_id: string;
  resident_id: string;
  name: string;
  municipality_code: string | null;
  status: VisitStatus;
  opened_via: 'escalation' | 'hq';
  opened_at: Date;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_role: string | null;
  outcome: VisitOutcome | null;
  outcome_note: string | null;
  closed_at: Date | null;
  closed_by_event: VisitClosingEvent | null;
}

/** A warning's tasks for HQ, open ones first. */
export async function listAlertTasks(db: Queryable, alertId: string, limit: number): Promise<HqTaskRow[]> {
  const { rows } = await db.query<HqTaskRow>(
    `SELECT v.id, v.alert_id, v.resident_id, r.family_name || ' ' || r.given_name AS name,
            v.municipality_code::text AS municipality_code, v.status, v.opened_via, v.opened_at,
            u.id AS assignee_id, u.display_name AS assignee_name, u.role AS assignee_role,
            v.outcome, v.outcome_note, v.closed_at, v.closed_by_event
       FROM visit_tasks v
       JOIN residents r ON r.id = v.resident_id
       LEFT JOIN users u ON u.id = v.assigned_to
      WHERE v.alert_id = $1
      ORDER BY v.${OPEN} DESC, v.opened_at DESC, v.id
      LIMIT $2`,
    [alertId, limit],
  );
  return rows;
}

export interface MyTaskRow {
  id: string;
  alert_id: string;
  resident_id: string;
  headline: string | null;
  status: VisitStatus;
  name: string;
  address: string | null;
  needs_care: boolean;
  phone: string | null;
  lat: number | null;
  lon: number | null;
  assigned_at: Date | null;
  outcome: VisitOutcome | null;
  outcome_note: string | null;
  closed_at: Date | null;
  closed_by_event: VisitClosingEvent | null;
}

/**
 * The tasks assigned to a visitor: the ones still to do, and those closed in the last day (so a
 * visitor sees that a task closed by itself). A supporter's list holds only tasks in their area.
 * Only what a visit needs: name, home address, whether the person needs care, a verified phone.
 */
export async function listMyTasks(
  db: Queryable,
  input: { userId: string; areaScoped: boolean; openOnly: boolean },
): Promise<MyTaskRow[]> {
  const { rows } = await db.query<MyTaskRow>(
    `SELECT v.id, v.alert_id, v.resident_id, info.headline, v.status,
            r.family_name || ' ' || r.given_name AS name,
            COALESCE(r.home_address, h.address) AS address,
            cardinality(r.care_needs) > 0 AS needs_care,
            phone.address AS phone,
            ST_Y(${HOME_POINT}) AS lat, ST_X(${HOME_POINT}) AS lon,
            v.assigned_at, v.outcome, v.outcome_note, v.closed_at, v.closed_by_event
       FROM visit_tasks v
       JOIN residents r ON r.id = v.resident_id
       LEFT JOIN households h ON h.id = r.household_id
       LEFT JOIN LATERAL (
         SELECT i.headline FROM alert_infos i WHERE i.alert_id = v.alert_id
          ORDER BY lower(i.language) LIKE 'ja%' DESC, i.position LIMIT 1
       ) AS info ON true
       LEFT JOIN LATERAL (
         SELECT c.address FROM contact_points c
          WHERE c.resident_id = v.resident_id AND c.channel = 'sms'
            AND c.verified_at IS NOT NULL AND c.consent_at IS NOT NULL AND c.withdrawn_at IS NULL
          LIMIT 1
       ) AS phone ON true
      WHERE v.assigned_to = $1
        AND (v.status = 'assigned' OR (NOT $3 AND v.closed_at > now() - interval '1 day'))
        AND (NOT $2 OR ${supporterAreaSql('v', HOME_POINT, '$1::uuid')})
      ORDER BY v.status = 'assigned' DESC, v.assigned_at, v.id
      LIMIT 500`,
    [input.userId, input.areaScoped, input.openOnly],
  );
  return rows;
}

export interface AssigneeRow {
  id: string;
  display_name: string;
  role: 'shelter_staff' | 'community_supporter' | 'hq_operator';
  municipality_codes: string[] | null;
  has_district: boolean;
}

/** Active accounts HQ may send on visits, with supporters' areas. */
export async function listAssignees(db: Queryable): Promise<AssigneeRow[]> {
  const { rows } = await db.query<AssigneeRow>(
    `SELECT u.id, u.display_name, u.role, sa.municipality_codes, sa.district IS NOT NULL AS has_district
       FROM users u LEFT JOIN supporter_areas sa ON sa.user_id = u.id
      WHERE u.disabled_at IS NULL AND u.role IN ('shelter_staff', 'community_supporter', 'hq_operator')
      ORDER BY u.role, u.display_name, u.id
      LIMIT 2000`,
  );
  return rows;
}

export async function findAssignee(
  db: Queryable,
  userId: string,
): Promise<{ role: string; disabled: boolean } | undefined> {
  const { rows } = await db.query<{ role: string; disabled: boolean }>(
    'SELECT role, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1',
    [userId],
  );
  return rows[0];
}

export async function alertExists(db: Queryable, alertId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM alerts WHERE id = $1', [alertId]);
  return rows.length > 0;
}

/** Sets a supporter's area (CLI): municipality codes and/or a district as GeoJSON. */
export async function upsertSupporterArea(
  db: Queryable,
  input: { userId: string; municipalityCodes: readonly string[]; districtGeoJson: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO supporter_areas (user_id, municipality_codes, district)
     VALUES ($1, $2::text[], CASE WHEN $3::text IS NULL THEN NULL
                                  ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3::text), 4326)) END)
     ON CONFLICT (user_id) DO UPDATE SET municipality_codes = EXCLUDED.municipality_codes,
       district = EXCLUDED.district, updated_at = now()`,
    [input.userId, input.municipalityCodes, input.districtGeoJson],
  );
}
