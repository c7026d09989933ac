import type { Queryable } from '../../db/database.js';

/**
 * "Unreached": people a warning targeted (an alert or update entry in their inbox, not a cancel)
 * who, on no entry of the warning's chain, have been delivered to, have read, or have answered,
 * and whose entry is at least `waitedMinutes` old.
 *
 * Every way a person can be known to have been reached is one entry of REACH_SOURCES, an SQL
 * predicate over the person (`t.resident_id`) and the chain (`chain.lineage_id`). Today the inbox
 * receipts are the only source; per-channel deliveries (push, e-mail, SMS) become one more entry
 * here, e.g. `EXISTS (SELECT 1 FROM deliveries d JOIN alerts da ON da.id = d.alert_id WHERE
 * d.resident_id = t.resident_id AND da.lineage_id = chain.lineage_id AND d.state IN ('delivered',
 * 'read', 'responded'))`. Every query below (list, count, heat) goes through UNREACHED, so all of
 * them change together.
 */
const REACH_SOURCES: readonly string[] = [
  `EXISTS (SELECT 1 FROM inbox_items y
            WHERE y.lineage_id = chain.lineage_id AND y.resident_id = t.resident_id
              AND (y.delivered_at IS NOT NULL OR y.read_at IS NOT NULL OR y.responded_at IS NOT NULL))`,
];

/** CTEs `chain` and `unreached (resident_id, sent_at)` for alert $1, waited minutes $2. */
const UNREACHED = `
  chain AS (SELECT id, lineage_id FROM alerts WHERE id = $1::uuid),
  targeted AS (
    SELECT x.resident_id, x.created_at AS sent_at
      FROM inbox_items x
     WHERE x.alert_id = $1::uuid AND x.action <> 'cancel'
       AND x.created_at <= now() - make_interval(mins => $2::int)
  ),
  unreached AS (
    SELECT t.resident_id, t.sent_at FROM targeted t CROSS JOIN chain
     WHERE NOT (${REACH_SOURCES.join(' OR ')})
  )`;

/** A person's home: their own point, else their household's. */
export const HOME_POINT = 'COALESCE(r.home_point, h.home_point)';

export interface UnreachedRow {
  resident_id: string;
  name: string;
  municipality_code: string | null;
  needs_care: boolean;
  sent_at: Date;
  task_id: string | null;
  task_status: string | null;
  total: number;
}

/**
 * The unreached of a warning, people who need care first, with the latest visit task of each for
 * this warning. `total` (on every row) counts all of them, not only the page.
 */
export async function listUnreached(
  db: Queryable,
  input: { alertId: string; waitedMinutes: number; limit: number },
): Promise<{ total: number; rows: UnreachedRow[] }> {
  const { rows } = await db.query<UnreachedRow>(
    `WITH ${UNREACHED}
     SELECT u.resident_id, r.family_name || ' ' || r.given_name AS name,
            COALESCE(r.home_municipality_code, h.municipality_code)::text AS municipality_code,
            cardinality(r.care_needs) > 0 AS needs_care, u.sent_at,
            task.id AS task_id, task.status AS task_status, (count(*) OVER ())::int AS total
       FROM unreached u
       JOIN residents r ON r.id = u.resident_id
       LEFT JOIN households h ON h.id = r.household_id
       LEFT JOIN LATERAL (
         SELECT v.id, v.status FROM visit_tasks v
          WHERE v.alert_id = $1::uuid AND v.resident_id = u.resident_id
          ORDER BY v.opened_at DESC LIMIT 1
       ) AS task ON true
      ORDER BY cardinality(r.care_needs) > 0 DESC, u.sent_at, u.resident_id
      LIMIT $3`,
    [input.alertId, input.waitedMinutes, input.limit],
  );
  return { total: rows[0]?.total ?? 0, rows };
}

/** Unreached people per grid cell of their home (cell centres and counts; nobody's home). */
export async function unreachedPerCell(
  db: Queryable,
  input: { alertId: string; waitedMinutes: number; cellLon: number; cellLat: number },
): Promise<{ lon: number; lat: number; people: number }[]> {
  const { rows } = await db.query<{ lon: number; lat: number; people: number }>(
    `WITH ${UNREACHED}
     SELECT ST_X(cell) AS lon, ST_Y(cell) AS lat, count(*)::int AS people
       FROM (SELECT ST_SnapToGrid(${HOME_POINT}, $3, $4) AS cell
               FROM unreached u JOIN residents r ON r.id = u.resident_id
               LEFT JOIN households h ON h.id = r.household_id
              WHERE ${HOME_POINT} IS NOT NULL) AS homes
      GROUP BY cell ORDER BY lon, lat`,
    [input.alertId, input.waitedMinutes, input.cellLon, input.cellLat],
  );
  return rows;
}
