import type { Queryable } from '../../db/database.js';

export interface NeedHelpRow {
  position: number;
  alert_id: string;
  resident_id: string;
  family_name: string;
  given_name: string;
  note: string | null;
  responded_at: Date;
  lat: number | null;
  lon: number | null;
  location_source: 'response' | 'live' | 'home' | null;
  assigned_to: string | null;
  resolved_at: Date | null;
}

/**
 * Where to put the pin: the location sent with the response, else a shared live location that has
 * not expired, else the registered home.
 */
const NEED_HELP = `
  SELECT x.id AS position, x.alert_id, x.resident_id, r.family_name, r.given_name,
         x.response_note AS note, x.responded_at,
         ST_Y(pin.point) AS lat, ST_X(pin.point) AS lon, pin.source AS location_source,
         x.help_assigned_to AS assigned_to, x.help_resolved_at AS resolved_at
  FROM inbox_items x
  JOIN residents r ON r.id = x.resident_id
  LEFT JOIN resident_locations l ON l.resident_id = x.resident_id AND l.expires_at > now() AND r.share_live_location
  LEFT JOIN LATERAL (
    SELECT CASE WHEN x.response_location IS NOT NULL THEN x.response_location
                WHEN l.location IS NOT NULL THEN l.location ELSE r.home_point END AS point,
           CASE WHEN x.response_location IS NOT NULL THEN 'response'
                WHEN l.location IS NOT NULL THEN 'live'
                WHEN r.home_point IS NOT NULL THEN 'home' END AS source
  ) AS pin ON true`;

export async function listNeedHelp(
  db: Queryable,
  alertId: string,
  includeResolved: boolean,
): Promise<NeedHelpRow[]> {
  const { rows } = await db.query<NeedHelpRow>(
    `${NEED_HELP} WHERE x.alert_id = $1 AND x.response = 'need_help' ${includeResolved ? '' : 'AND x.help_resolved_at IS NULL'}
     ORDER BY x.responded_at`,
    [alertId],
  );
  return rows;
}

export async function findNeedHelp(db: Queryable, position: number): Promise<NeedHelpRow | undefined> {
  const { rows } = await db.query<NeedHelpRow>(`${NEED_HELP} WHERE x.id = $1`, [position]);
  return rows[0];
}

export async function assignNeedHelp(
  db: Queryable,
  alertId: string,
  position: number,
  userId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE inbox_items SET help_assigned_to = $3
     WHERE id = $2 AND alert_id = $1 AND response = 'need_help'`,
    [alertId, position, userId],
  );
  return rowCount === 1;
}

export async function resolveNeedHelp(
  db: Queryable,
  alertId: string,
  position: number,
  userId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE inbox_items SET help_resolved_at = COALESCE(help_resolved_at, now()), help_resolved_by = COALESCE(help_resolved_by, $3)
     WHERE id = $2 AND alert_id = $1 AND response = 'need_help'`,
    [alertId, position, userId],
  );
  return rowCount === 1;
}

export async function isHqUser(db: Queryable, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM users WHERE id = $1 AND role IN ('hq_operator', 'admin') AND disabled_at IS NULL`,
    [userId],
  );
  return rowCount === 1;
}
