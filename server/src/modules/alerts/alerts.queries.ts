import type { CapAlert } from '@geo/src/cap/cap.schema.js';
import type { AreaSet } from '@geo/src/targeting/area-set.js';
import type { Queryable } from '../../db/database.js';
import { TARGET_CTES, TARGETED_CTE, targetParams, tuneForTargeting } from './targeting.queries.js';

export interface AlertRow {
  id: string;
  identifier: string;
  sender: string;
  sent: Date;
  status: CapAlert['status'];
  msg_type: CapAlert['msgType'];
  scope: string;
  references_text: string | null;
  lineage_id: string;
  incident_id: string | null;
  origin: 'composed' | 'imported';
  expires: Date | null;
  superseded_by: string | null;
  cancelled: boolean;
  targeted: number;
  document: CapAlert;
  created_at: Date;
}

export interface NewAlert {
  alert: CapAlert;
  sent: Date;
  lineageId: string | null;
  incidentId: string | null;
  origin: AlertRow['origin'];
  createdBy: string | null;
  expires: Date | null;
}

export async function insertAlert(tx: Queryable, a: NewAlert): Promise<AlertRow> {
  const { rows } = await tx.query<AlertRow>(
    `INSERT INTO alerts (id, identifier, sender, sent, status, msg_type, scope, references_text, lineage_id,
                         incident_id, origin, created_by, expires, document)
     SELECT id, $1, $2, $3, $4, $5, $6, $7, COALESCE($8::uuid, id), $9, $10, $11, $12, $13
     FROM (SELECT gen_random_uuid() AS id) AS fresh
     RETURNING *`,
    [
      a.alert.identifier,
      a.alert.sender,
      a.sent,
      a.alert.status,
      a.alert.msgType,
      a.alert.scope,
      a.alert.references ?? null,
      a.lineageId,
      a.incidentId,
      a.origin,
      a.createdBy,
      a.expires,
      JSON.stringify(a.alert),
    ],
  );
  return rows[0]!;
}

export interface NewInfo {
  position: number;
  language: string;
  categories: string[];
  event: string;
  urgency: string;
  severity: string;
  certainty: string;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  effective: Date | null;
  onset: Date | null;
  expires: Date | null;
}

export async function insertInfo(tx: Queryable, alertId: string, info: NewInfo): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO alert_infos (alert_id, position, language, categories, event, urgency, severity, certainty,
                              headline, description, instruction, effective, onset, expires)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      alertId,
      info.position,
      info.language,
      info.categories,
      info.event,
      info.urgency,
      info.severity,
      info.certainty,
      info.headline,
      info.description,
      info.instruction,
      info.effective,
      info.onset,
      info.expires,
    ],
  );
  return rows[0]!.id;
}

export interface NewArea {
  areaDesc: string;
  polygons: string[];
  circles: string[];
  geocodes: { valueName: string; value: string }[];
  /** The same area resolved for geometry. */
  set: AreaSet;
}

/** Stores an area with its footprint: the union of its shapes, circles drawn geodesically. */
export async function insertArea(
  tx: Queryable,
  alertId: string,
  infoId: string,
  area: NewArea,
): Promise<void> {
  const [polygons, codes, lats, lons, radii] = targetParams(area.set);
  await tx.query(
    `INSERT INTO alert_areas (alert_id, info_id, area_desc, polygons, circles, geocodes, municipality_codes, footprint)
     SELECT $1, $2, $3, $4, $5, $6, $7,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(ARRAY(
              SELECT ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) FROM unnest($8::text[]) AS g
              UNION ALL
              SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, radius_m, 16)::geometry
              FROM unnest($9::float8[], $10::float8[], $11::float8[]) AS c (lat, lon, radius_m)
              UNION ALL
              SELECT boundary FROM municipalities WHERE code = ANY ($7::text[])
            ))), 3))`,
    [
      alertId,
      infoId,
      area.areaDesc,
      area.polygons,
      area.circles,
      JSON.stringify(area.geocodes),
      codes,
      polygons,
      lats,
      lons,
      radii,
    ],
  );
}

/** Entries written for one message, grouped by what their `inbox:new` push says. */
export interface DeliveryGroup {
  action: 'alert' | 'update' | 'cancel';
  /** The residents' language; the push carries the alert info chosen for it. */
  language: string;
  /** Everyone in the group; the push goes to their resident rooms (people without an account wait in their inbox). */
  resident_ids: string[];
}

export interface WrittenEntries {
  /** Every entry written (the alert's `targeted`). */
  count: number;
  /** The highest inbox position written; null when nobody was targeted. */
  last_position: number | null;
  groups: DeliveryGroup[];
}

/**
 * Writes the inbox entries of one message of a chain, in one statement: everyone targeted gets
 * it (`alert` if new to the chain, `update` if they hold an earlier message); people who hold the
 * chain but are no longer targeted get a `cancel`. A Cancel passes an empty area set, so
 * everyone who holds the chain gets the cancel. Also stores the count as the alert's `targeted`.
 *
 * The entries are written as pending sets, one row per action (migration 0024), at positions
 * reserved here from the inbox sequence: under the inbox writers' lock nobody else takes one in
 * between, so a set's positions are contiguous and below every later writer's. The caller expands
 * them into rows after its push (`writePendingEntries`, inbox-writers.ts).
 *
 * The statement returns a handful of rows, not one per person: the entries grouped by action and
 * language, with the resident ids of each group, plus the count and the highest position. Each
 * group is pushed as one Socket.IO broadcast (see AlertService.issue).
 */
export async function writeInboxEntries(
  tx: Queryable,
  alertId: string,
  lineageId: string,
  set: AreaSet,
): Promise<WrittenEntries> {
  await tuneForTargeting(tx);
  const { rows } = await tx.query<{
    action: DeliveryGroup['action'];
    language: string;
    resident_ids: string;
    entries: number;
    last_position: string | null;
  }>(
    `WITH RECURSIVE ${TARGET_CTES}, ${TARGETED_CTE},
     holders AS (
       SELECT resident_id FROM (
         SELECT DISTINCT ON (resident_id) resident_id, action
         FROM inbox_items
         WHERE alert_id IN (SELECT id FROM alerts WHERE lineage_id = $8)
         ORDER BY resident_id, id DESC
       ) AS latest
       WHERE action <> 'cancel'
     ),
     entries AS MATERIALIZED (
       SELECT t.resident_id, t.language, CASE WHEN h.resident_id IS NULL THEN 'alert' ELSE 'update' END AS action
       FROM targeted t LEFT JOIN holders h ON h.resident_id = t.resident_id
       UNION ALL
       SELECT h.resident_id, (SELECT r.language FROM residents r WHERE r.id = h.resident_id), 'cancel'
       FROM holders h
       WHERE NOT EXISTS (SELECT 1 FROM targeted t WHERE t.resident_id = h.resident_id)
     ),
     -- One array per action; the positions of each follow the previous action's.
     sets AS MATERIALIZED (
       SELECT action, array_agg(resident_id) AS resident_ids, count(*) AS size FROM entries GROUP BY action
     ),
     -- The last of the positions taken (CASE: nothing is taken for nobody).
     reserved AS MATERIALIZED (
       SELECT total, CASE WHEN total > 0 THEN setval(seq, nextval(seq) + total - 1) END AS last_position
       FROM (SELECT COALESCE(sum(size), 0)::bigint AS total FROM sets) AS c,
            (SELECT pg_get_serial_sequence('inbox_items', 'id')::regclass AS seq) AS s
     ),
     pending AS (
       INSERT INTO inbox_pending (alert_id, lineage_id, action, first_position, resident_ids)
       SELECT $7, $8, action, (SELECT last_position - total + 1 FROM reserved) + (sum(size) OVER (ORDER BY action))::bigint - size,
              resident_ids
       FROM sets
     ),
     counted AS (UPDATE alerts SET targeted = (SELECT total FROM reserved) WHERE id = $7)
     -- Ids as one comma-separated text per group: parsed by a split, not an array parser.
     SELECT action, language, string_agg(resident_id::text, ',') AS resident_ids, count(*)::int AS entries,
            (SELECT last_position FROM reserved) AS last_position
     FROM entries
     GROUP BY action, language`,
    [...targetParams(set), alertId, lineageId],
  );
  return {
    count: rows.reduce((sum, row) => sum + row.entries, 0),
    last_position: rows[0]?.last_position == null ? null : Number(rows[0].last_position),
    groups: rows.map((row) => ({
      action: row.action,
      language: row.language,
      resident_ids: row.resident_ids.split(','),
    })),
  };
}

/** How many of a message's entries belong to people with an account (reached on their devices). */
export async function countAccountsReached(db: Queryable, alertId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM inbox_items x
     JOIN users u ON u.resident_id = x.resident_id AND u.disabled_at IS NULL
     WHERE x.alert_id = $1`,
    [alertId],
  );
  return rows[0]?.n ?? 0;
}

/** Earlier messages named by `references`, by sender and identifier. */
export async function findReferenced(
  tx: Queryable,
  references: { sender: string; identifier: string }[],
): Promise<AlertRow[]> {
  const { rows } = await tx.query<AlertRow>(
    `SELECT a.* FROM alerts a
     JOIN unnest($1::text[], $2::text[]) AS r (sender, identifier) ON a.sender = r.sender AND a.identifier = r.identifier
     ORDER BY a.created_at
     FOR UPDATE OF a`,
    [references.map((r) => r.sender), references.map((r) => r.identifier)],
  );
  return rows;
}

/** The chain's current messages are replaced by `byId`; on Cancel the whole chain is cancelled. */
export async function supersedeLineage(
  tx: Queryable,
  lineageId: string,
  byId: string,
  cancel: boolean,
): Promise<void> {
  await tx.query(
    `UPDATE alerts SET superseded_by = COALESCE(superseded_by, $2), cancelled = cancelled OR $3
     WHERE lineage_id = $1 AND id <> $2`,
    [lineageId, byId, cancel],
  );
  if (cancel) await tx.query('UPDATE alerts SET cancelled = true WHERE id = $1', [byId]);
}

export async function alertExists(db: Queryable, sender: string, identifier: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM alerts WHERE sender = $1 AND identifier = $2', [
    sender,
    identifier,
  ]);
  return rowCount > 0;
}

export async function findAlert(db: Queryable, id: string): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]);
  return rows[0];
}

/** Active: not replaced, not cancelled, not expired, deliverable status, not itself a Cancel. */
const ACTIVE = `a.superseded_by IS NULL AND NOT a.cancelled AND a.msg_type <> 'Cancel'
  AND a.status <> 'Draft' AND (a.expires IS NULL OR a.expires > now())`;

export async function listAlerts(
  db: Queryable,
  options: { activeOnly: boolean; limit: number },
): Promise<AlertRow[]> {
  const { rows } = await db.query<AlertRow>(
    `SELECT a.* FROM alerts a ${options.activeOnly ? `WHERE ${ACTIVE}` : ''}
     ORDER BY a.created_at DESC LIMIT $1`,
    [options.limit],
  );
  return rows;
}

export interface AreaRow {
  info_position: number;
  area_desc: string;
  footprint: string | null;
}

export async function findAreas(db: Queryable, alertId: string): Promise<AreaRow[]> {
  const { rows } = await db.query<AreaRow>(
    `SELECT i.position AS info_position, a.area_desc, ST_AsGeoJSON(a.footprint, 6) AS footprint
     FROM alert_areas a JOIN alert_infos i ON i.id = a.info_id
     WHERE a.alert_id = $1 ORDER BY i.position, a.id`,
    [alertId],
  );
  return rows;
}

export interface AlertStatsRow {
  targeted: number;
  delivered: number;
  read: number;
  responded: number;
  need_help: number;
}

export async function alertStats(db: Queryable, alertId: string): Promise<AlertStatsRow> {
  const { rows } = await db.query<AlertStatsRow>(
    // targeted from the alert: right after a send its entries can still be a pending set.
    `SELECT (SELECT targeted FROM alerts WHERE id = $1) AS targeted,
            count(delivered_at)::int AS delivered,
            count(read_at)::int AS read,
            count(responded_at)::int AS responded,
            count(*) FILTER (WHERE response = 'need_help')::int AS need_help
     FROM inbox_items WHERE alert_id = $1`,
    [alertId],
  );
  return rows[0]!;
}
