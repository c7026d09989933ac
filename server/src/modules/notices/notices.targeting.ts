import { AGE_LIMITS, type HouseholdMember } from '@contract/notices/notices.attributes.js';
import type { Targeting } from '@contract/notices/notices.schema.js';

/**
 * Turns a targeting filter into one set-based SQL statement over `residents` (no per-person
 * loop): a `WITH` prefix (polygon pieces) and a `SELECT r.id, r.language … WHERE …` that the
 * callers count, check names against, or insert into inboxes. Only the criteria given become
 * clauses, so an unused filter costs nothing. Values always travel as parameters.
 *
 * Ages are taken on today's date in Japan, so a notice sent at 08:00 JST counts the same
 * birthdays as a person in Japan would. Age limits become birth-date cut-offs computed once here
 * and passed as parameters: a per-row date expression costs seconds over a million people.
 */
export interface TargetQuery {
  /** `WITH …` (may be empty) to put before `SELECT`. Ends without a comma. */
  with: string;
  /** `SELECT r.id, r.language FROM … WHERE …` */
  select: string;
  params: unknown[];
}

/** Small pieces make GiST probes and point-in-polygon tests cheap (see alerts targeting). */
const SUBDIVIDE_MAX_VERTICES = 16;
const JST_OFFSET_MS = 9 * 3_600_000;

/**
 * The date `years` years before `today` (YYYY-MM-DD), as PostgreSQL's `date - interval` gives
 * it: 29 February becomes 28 February in a year without one.
 */
export function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export const todayInJapan = (now = Date.now()) => new Date(now + JST_OFFSET_MS).toISOString().slice(0, 10);

export function buildTargetQuery(
  targeting: Targeting,
  options: { consentOnly: boolean; firstParam?: number; today?: string },
): TargetQuery {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${(options.firstParam ?? 1) + params.length - 1}`;
  };
  const today = options.today ?? todayInJapan();
  const bornOnOrBefore = (years: number) => `${param(yearsBefore(today, years))}::date`;
  const where: string[] = [];
  const joins: string[] = [];
  let withClause = '';

  if (options.consentOnly) where.push('r.notice_consent');

  const codes = targeting.municipalityCodes ?? [];
  const polygons = targeting.polygons ?? [];
  if (codes.length > 0 || polygons.length > 0) {
    const area: string[] = [];
    // char(5) like the column, so its index applies.
    if (codes.length > 0) area.push(`r.home_municipality_code = ANY (${param(codes)}::char(5)[])`);
    if (polygons.length > 0) {
      const rings = polygons.map((ring) => JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
      withClause = `WITH notice_area AS MATERIALIZED (
        SELECT ST_Subdivide(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), ${param(SUBDIVIDE_MAX_VERTICES)}::int) AS geom
        FROM unnest(${param(rings)}::text[]) AS g
      )`;
      area.push(
        `r.id IN (SELECT inside.id FROM notice_area p JOIN residents inside ON ST_Intersects(p.geom, inside.home_point))`,
      );
    }
    where.push(`(${area.join(' OR ')})`);
  }

  if (targeting.ageMin !== undefined) where.push(`r.birth_date <= ${bornOnOrBefore(targeting.ageMin)}`);
  if (targeting.ageMax !== undefined) where.push(`r.birth_date > ${bornOnOrBefore(targeting.ageMax + 1)}`);

  const members = [...new Set(targeting.householdHas ?? [])];
  if (members.length > 0) {
    // A person without a household is a household of one (the key falls back to their id).
    // One plain semi-join per member kind: the planner hashes the members who qualify once.
    // (An OR with a correlated EXISTS, to use the household index, was four times slower on
    // the 1.1M-resident registry.)
    for (const member of members) {
      const holds = memberCondition(member, bornOnOrBefore);
      where.push(`EXISTS (SELECT 1 FROM residents m
        WHERE COALESCE(m.household_id, m.id) = COALESCE(r.household_id, r.id) AND ${holds('m')})`);
    }
  }

  const whereabouts = [...new Set(targeting.whereabouts ?? [])];
  if (whereabouts.length > 0) {
    joins.push('LEFT JOIN whereabouts_current w ON w.resident_id = r.id');
    const any: string[] = [];
    const places = whereabouts.filter((p) => p !== 'evacuated_outside');
    if (places.length > 0) any.push(`COALESCE(w.place, 'unknown') = ANY (${param(places)}::text[])`);
    if (whereabouts.includes('evacuated_outside')) {
      any.push(`(w.place = 'evacuated_outside' OR (r.lives_now_municipality_code IS NOT NULL
        AND r.lives_now_municipality_code IS DISTINCT FROM r.home_municipality_code))`);
    }
    where.push(`(${any.join(' OR ')})`);
  }

  const damage = [...new Set(targeting.houseDamage ?? [])];
  if (damage.length > 0) {
    joins.push('LEFT JOIN households h ON h.id = r.household_id');
    where.push(`COALESCE(h.house_damage, 'not_assessed') = ANY (${param(damage)}::text[])`);
  }

  const select = `SELECT r.id, r.language FROM residents r ${joins.join(' ')}
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  return { with: withClause, select, params };
}

/** The member test as a function of the table alias; cut-off parameters are bound once. */
function memberCondition(
  member: HouseholdMember,
  bornOnOrBefore: (years: number) => string,
): (alias: string) => string {
  switch (member) {
    case 'infant': {
      const cutoff = bornOnOrBefore(AGE_LIMITS.infantUnder);
      return (alias) => `${alias}.birth_date > ${cutoff}`;
    }
    case 'child': {
      const cutoff = bornOnOrBefore(AGE_LIMITS.childUnder);
      return (alias) => `${alias}.birth_date > ${cutoff}`;
    }
    case 'elderly': {
      const cutoff = bornOnOrBefore(AGE_LIMITS.elderlyFrom);
      return (alias) => `${alias}.birth_date <= ${cutoff}`;
    }
    case 'disability':
      return (alias) => `${alias}.care_needs @> ARRAY['disability']::text[]`;
  }
}
