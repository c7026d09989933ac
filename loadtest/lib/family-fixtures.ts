import { randomBytes } from 'node:crypto';
import type { Database } from '../../server/src/db/database.js';
import { hashSessionId } from '../../server/src/modules/auth/auth.service.js';

/**
 * The family bench's own municipality code: outside the JIS range in use and not the card-tap
 * bench's (99990), so neither bench removes the other's data and real data is never touched.
 */
export const FAMILY_BENCH_MUNICIPALITY = '99980';
const SHELTERS = 10;

export interface FamilyViewer {
  residentId: string;
  /** Raw session id: the `sid` cookie. */
  sessionId: string;
}

export interface FamilyFixtures {
  viewers: FamilyViewer[];
  households: number;
  residents: number;
  designations: number;
  withWhereabouts: number;
}

const residentsOfBench = `(SELECT id FROM residents WHERE home_municipality_code = '${FAMILY_BENCH_MUNICIPALITY}')`;

/**
 * Removes everything an earlier family bench run wrote, and only that. The access log is
 * append-only, so its rows about bench residents are removed with the triggers switched off for
 * this session only (`session_replication_role`, superuser; the bench accepts local databases
 * only). Each person has their own chain (migration 0014): the bench residents' chains go whole,
 * with their heads, and every other chain still verifies.
 */
export async function removeFamilyBenchData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(`DELETE FROM access_log WHERE subject_resident_id IN ${residentsOfBench}`);
    await tx.query(`DELETE FROM access_log_heads WHERE subject_resident_id IN ${residentsOfBench}`);
    await tx.query(
      `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE resident_id IN ${residentsOfBench})`,
    );
    await tx.query(`DELETE FROM users WHERE resident_id IN ${residentsOfBench}`);
    await tx.query(`DELETE FROM designations WHERE subject_resident_id IN ${residentsOfBench}`);
    await tx.query(`DELETE FROM whereabouts_current WHERE resident_id IN ${residentsOfBench}`);
    await tx.query(`DELETE FROM whereabouts_events WHERE resident_id IN ${residentsOfBench}`);
    await tx.query(`DELETE FROM residents WHERE home_municipality_code = '${FAMILY_BENCH_MUNICIPALITY}'`);
    await tx.query(`DELETE FROM households WHERE municipality_code = '${FAMILY_BENCH_MUNICIPALITY}'`);
    await tx.query(`DELETE FROM shelters WHERE municipality_code = '${FAMILY_BENCH_MUNICIPALITY}'`);
  });
}

/**
 * Bench fixtures written straight to the database (they are not what is measured), next to the
 * 1.1M registered residents:
 * - households sized like the register (1: 36 %, 2: 31 %, 3: 14 %, 4: 11 %, 5: 6 %, 6–7: 2 %),
 *   up to two adults each and children after them; visibility mostly the default, some
 *   `household`, `designees` or `nobody`;
 * - one account and one live session per adult, for the first `viewers` adults;
 * - about 30 % of viewers named as designee (accepted) by one or two people of other households;
 * - current whereabouts for about 80 % of everyone: a bench shelter, home, relatives, vehicle,
 *   hospital, evacuated to another municipality (with its code), or unknown.
 */
export async function setupFamilyBenchData(
  db: Database,
  options: { viewers: number },
): Promise<FamilyFixtures> {
  await removeFamilyBenchData(db);
  await db.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     VALUES ($1, 'ベンチ家族市', 'ベンチ県', 0, ST_Multi(ST_MakeEnvelope(125.6, 30.6, 126, 31, 4326)))
     ON CONFLICT (code) DO NOTHING`,
    [FAMILY_BENCH_MUNICIPALITY],
  );
  const shelters = await db.query<{ id: string }>(
    `INSERT INTO shelters (name, kind, municipality_code, location, capacity_indoor, status)
     SELECT 'ベンチ家族避難所 ' || n, 'designated_shelter', $1,
            ST_SetSRID(ST_MakePoint(125.7 + n / 100.0, 30.7), 4326), 300, 'open'
       FROM generate_series(1, $2) AS n
     RETURNING id`,
    [FAMILY_BENCH_MUNICIPALITY, SHELTERS],
  );
  // ≈ 1.64 adults per household: enough households for every viewer to be an adult.
  const households = Math.ceil(options.viewers / 1.5);
  await db.query(
    `WITH homes AS (
       INSERT INTO households (municipality_code, address, home_point)
       SELECT $1, 'ベンチ県ベンチ家族市' || n || '番地', ST_SetSRID(ST_MakePoint(125.7 + random() * 0.2, 30.7 + random() * 0.2), 4326)
         FROM generate_series(1, $2) AS n
       RETURNING id, home_point
     ), sized AS (
       SELECT id, home_point, CASE WHEN r < 0.36 THEN 1 WHEN r < 0.67 THEN 2 WHEN r < 0.81 THEN 3
                                   WHEN r < 0.92 THEN 4 WHEN r < 0.975 THEN 5 WHEN r < 0.994 THEN 6 ELSE 7 END AS size
         FROM (SELECT id, home_point, random() AS r FROM homes) AS drawn
     )
     INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana, birth_date,
                            sex, home_municipality_code, home_point, relationship, whereabouts_visibility)
     SELECT p.id, 'ベンチ', '家族' || m, 'ベンチ', 'カゾク',
            CASE WHEN m <= 2 THEN date '1945-01-01' + (random() * 17000)::int
                 ELSE date '2009-01-01' + (random() * 5000)::int END,
            CASE WHEN m % 2 = 0 THEN 'female' ELSE 'male' END, $1, p.home_point,
            CASE m WHEN 1 THEN 'head' WHEN 2 THEN 'spouse' ELSE 'child' END,
            CASE WHEN v < 0.85 THEN 'household_and_designees' WHEN v < 0.92 THEN 'household'
                 WHEN v < 0.97 THEN 'designees' ELSE 'nobody' END
       -- One draw per person, in the select list: an uncorrelated LATERAL (SELECT random()) is
       -- evaluated once, which gave everyone of a run the same visibility.
       FROM (SELECT s.id, s.home_point, m, random() AS v
               FROM sized s CROSS JOIN LATERAL generate_series(1, s.size) AS m) AS p`,
    [FAMILY_BENCH_MUNICIPALITY, households],
  );
  const adults = await db.query<{ id: string }>(
    `SELECT id FROM residents WHERE home_municipality_code = $1 AND relationship IN ('head', 'spouse')
      ORDER BY id LIMIT $2`,
    [FAMILY_BENCH_MUNICIPALITY, options.viewers],
  );
  if (adults.rows.length < options.viewers) throw new Error('too few bench adults; rerun');
  const viewers = adults.rows.map((row) => ({
    residentId: row.id,
    sessionId: randomBytes(32).toString('base64url'),
  }));
  // Accounts nobody can sign in to (no valid password hash) with a session each.
  await db.query(
    `WITH accounts AS (
       INSERT INTO users (username, password_hash, display_name, role, resident_id)
       SELECT 'bench-family-' || n, '!bench-no-login', 'ベンチ家族 ' || n, 'resident', resident_id
         FROM unnest($1::uuid[]) WITH ORDINALITY AS v (resident_id, n)
       RETURNING id, resident_id
     )
     INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
     SELECT s.id_hash, a.id, encode(sha256(convert_to(random()::text || s.id_hash, 'UTF8')), 'hex'), now() + interval '12 hours'
       FROM accounts a JOIN unnest($1::uuid[], $2::text[]) AS s (resident_id, id_hash) ON s.resident_id = a.resident_id`,
    [viewers.map((v) => v.residentId), viewers.map((v) => hashSessionId(v.sessionId))],
  );
  // Designees: spread over all bench residents by a fixed stride, never the same household.
  const designations = await db.query(
    `WITH everyone AS (
       SELECT id, household_id, birth_date, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total
         FROM residents WHERE home_municipality_code = $1
     ), viewer AS (
       SELECT r.id, r.household_id, v.n, random() < 0.4 AS named_twice
         FROM unnest($2::uuid[]) WITH ORDINALITY AS v (id, n)
         JOIN residents r ON r.id = v.id
        WHERE random() < 0.3
     ), pairs AS (
       -- The draw is per viewer (a LATERAL call on no outer column would be evaluated once).
       SELECT DISTINCT ON (s.id, viewer.id) s.id AS subject, s.birth_date, viewer.id AS designee
         FROM viewer CROSS JOIN LATERAL generate_series(1, 1 + viewer.named_twice::int) AS k
         JOIN everyone s ON s.n = 1 + (viewer.n * 7919 + k * 104729) % s.total
        WHERE s.household_id <> viewer.household_id
     )
     INSERT INTO designations (subject_resident_id, designee_resident_id, invited_family_name, invited_given_name,
                               invited_birth_date, status, expires_at, responded_at)
     SELECT subject, designee, 'ベンチ', '家族', birth_date, 'accepted', now() + interval '7 days', now() FROM pairs
     ON CONFLICT DO NOTHING`,
    [FAMILY_BENCH_MUNICIPALITY, viewers.map((v) => v.residentId)],
  );
  const whereabouts = await db.query(
    `WITH drawn AS (
       SELECT id, random() AS has, random() AS place_pick, random() AS other
         FROM residents WHERE home_municipality_code = $1
     ), placed AS (
       SELECT id, other,
              CASE WHEN place_pick < 0.40 THEN 'shelter' WHEN place_pick < 0.65 THEN 'home'
                   WHEN place_pick < 0.75 THEN 'relatives' WHEN place_pick < 0.80 THEN 'vehicle'
                   WHEN place_pick < 0.83 THEN 'hospital' WHEN place_pick < 0.90 THEN 'evacuated_outside'
                   ELSE 'unknown' END AS place
         FROM drawn WHERE has < 0.8
     ), events AS (
       INSERT INTO whereabouts_events (resident_id, place, shelter_id, stay_type, safety, note, source, occurred_at,
                                       municipality_code)
       SELECT id, place,
              CASE WHEN place = 'shelter' THEN ($2::uuid[])[1 + floor(other * array_length($2::uuid[], 1))::int] END,
              CASE WHEN place = 'shelter' THEN CASE WHEN other < 0.5 THEN 'overnight' ELSE 'day' END END,
              CASE WHEN other < 0.6 THEN 'safe' WHEN other < 0.7 THEN 'injured' WHEN other < 0.75 THEN 'needs_support' END,
              CASE WHEN other > 0.9 THEN '薬が必要です' END,
              CASE WHEN place = 'shelter' THEN 'card_tap' WHEN other < 0.8 THEN 'self_report' ELSE 'family' END,
              now() - (other * interval '36 hours'),
              CASE WHEN place = 'evacuated_outside' THEN '17201' END
         FROM placed
       RETURNING id, resident_id, place, shelter_id, stay_type, safety, source, occurred_at
     )
     INSERT INTO whereabouts_current (resident_id, place, shelter_id, stay_type, safety, source, occurred_at, event_id)
     SELECT resident_id, place, shelter_id, stay_type, safety, source, occurred_at, id FROM events`,
    [FAMILY_BENCH_MUNICIPALITY, shelters.rows.map((row) => row.id)],
  );
  const { rows } = await db.query<{ households: number; residents: number }>(
    `SELECT count(DISTINCT household_id)::int AS households, count(*)::int AS residents
       FROM residents WHERE home_municipality_code = $1`,
    [FAMILY_BENCH_MUNICIPALITY],
  );
  return {
    viewers,
    households: rows[0]!.households,
    residents: rows[0]!.residents,
    designations: designations.rowCount,
    withWhereabouts: whereabouts.rowCount,
  };
}
