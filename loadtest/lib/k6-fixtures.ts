import { randomBytes } from 'node:crypto';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import type { Position } from '../../geo/src/geometry.js';
import type { Database } from '../../server/src/db/database.js';
import { hashSessionId } from '../../server/src/modules/auth/auth.service.js';
import { cardToken } from '../../server/src/modules/checkins/card-token.js';
import { hashDeviceKey } from '../../server/src/modules/readers/readers.service.js';

/**
 * Fixtures of the k6 bench, in their own municipality (`99991`, outside the JIS range), written
 * straight to the database (they are not what is measured):
 *
 * - residents in households of 4, household h living at longitude 126.1 + h·4e-5 on one line, so
 *   the warning polygon for N residents covers exactly the first N (the fan-out targets exactly the
 *   connected sockets);
 * - one resident account per resident and one HQ operator, each with a fresh session per run.
 *
 * Residents and accounts are kept between runs and reused (a family lookup writes access-log rows
 * about them, and the access log is append-only). Each run removes the sessions, warnings and inbox
 * entries of the previous one.
 */
export const K6_MUNICIPALITY = '99991';
const HOUSEHOLD_SIZE = 4;
const ORIGIN: Position = [126.1, 31.1];
const STEP = 4e-5;
const USER_PREFIX = 'k6r-';
const HQ_USERNAME = 'k6-hq';

export interface ResidentSession {
  sid: string;
  residentId: string;
}

export interface K6Reader {
  deviceKey: string;
  cardUids: string[];
}

export interface K6Fixtures {
  residents: ResidentSession[];
  readers: K6Reader[];
  hq: { sid: string; csrf: string };
  /** CAP polygon text covering exactly the first N residents, by N. */
  fanoutPolygons: Record<string, string>;
}

/** The CAP polygon around the homes of households 0 … households-1 (and no other). */
export function polygonForResidents(residents: number): string {
  const households = Math.ceil(residents / HOUSEHOLD_SIZE);
  const west = ORIGIN[0] - STEP / 2;
  const east = ORIGIN[0] + (households - 0.5) * STEP;
  const ring: Position[] = [
    [west, ORIGIN[1] - 0.001],
    [east, ORIGIN[1] - 0.001],
    [east, ORIGIN[1] + 0.001],
    [west, ORIGIN[1] + 0.001],
    [west, ORIGIN[1] - 0.001],
  ];
  return formatCapPolygon(ring);
}

async function ensureResidents(db: Database, count: number): Promise<void> {
  await db.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     VALUES ($1, 'k6ベンチ市', 'ベンチ県', 0, ST_Multi(ST_MakeEnvelope(126, 31, 126.5, 31.5, 4326)))
     ON CONFLICT (code) DO NOTHING`,
    [K6_MUNICIPALITY],
  );
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM households WHERE municipality_code = $1',
    [K6_MUNICIPALITY],
  );
  const have = rows[0]!.n;
  const want = Math.ceil(count / HOUSEHOLD_SIZE);
  for (let h = have; h < want; h += 500) {
    const upto = Math.min(want, h + 500);
    await db.transaction(async (tx) => {
      await tx.query(
        `WITH made AS (
           INSERT INTO households (municipality_code, address, home_point)
           SELECT $1, 'ベンチ県k6ベンチ市' || h, ST_SetSRID(ST_MakePoint($3::float8 + h * $5::float8, $4::float8), 4326)
             FROM generate_series($2::int, $6::int - 1) AS h
           RETURNING id, address, home_point
         ), people AS (
           INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana,
                                  birth_date, sex, relationship, home_municipality_code, home_point, home_address)
           SELECT made.id, 'ベンチ', m.given, 'ベンチ', m.kana, m.born, m.sex, m.relationship, $1,
                  made.home_point, made.address
             FROM made CROSS JOIN (VALUES
               ('タロウ', 'タロウ', date '1970-04-01', 'male', 'head'),
               ('ハナコ', 'ハナコ', date '1972-05-02', 'female', 'spouse'),
               ('イチロウ', 'イチロウ', date '2005-06-03', 'male', 'child'),
               ('サクラ', 'サクラ', date '2008-07-04', 'female', 'child')
             ) AS m (given, kana, born, sex, relationship)
           RETURNING id
         )
         INSERT INTO users (username, password_hash, display_name, role, resident_id)
         SELECT $7 || replace(id::text, '-', ''), '!', 'k6 bench resident', 'resident', id FROM people`,
        [K6_MUNICIPALITY, h, ORIGIN[0], ORIGIN[1], STEP, upto, USER_PREFIX],
      );
    });
  }
  await db.query(
    `INSERT INTO users (username, password_hash, display_name, role)
     VALUES ($1, '!', 'k6 bench HQ', 'hq_operator') ON CONFLICT (username) DO NOTHING`,
    [HQ_USERNAME],
  );
}

/** Removes what the previous run left: sessions, bench warnings and the bench residents' inbox. */
async function removeEarlierRun(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username LIKE $1 OR username = $2)`,
      [`${USER_PREFIX}%`, HQ_USERNAME],
    );
    await tx.query(
      `DELETE FROM inbox_items WHERE resident_id IN
         (SELECT id FROM residents WHERE home_municipality_code = $1)`,
      [K6_MUNICIPALITY],
    );
    // Bench warnings: superseded_by points within the chain, so clear it before deleting.
    const bench = `SELECT id FROM alerts WHERE created_by = (SELECT id FROM users WHERE username = $1)`;
    await tx.query(`UPDATE alerts SET superseded_by = NULL WHERE superseded_by IN (${bench})`, [HQ_USERNAME]);
    await tx.query(`DELETE FROM alerts WHERE id IN (${bench})`, [HQ_USERNAME]);
  });
  // The deletes leave tens of thousands of dead rows right where the next run writes; autovacuum
  // would clear them in a while (and may be off on a bench machine), so clear them now. The bench
  // residents, added after the population was loaded and vacuumed, get their visibility map set
  // here too, as autovacuum would: targeting reads homes by index-only scans.
  await db.exec('VACUUM (ANALYZE) inbox_items, sessions, users, alerts, alert_infos, alert_areas, residents');
}

/** Residents, accounts and fresh sessions for `count` bench residents, plus the HQ session. */
export async function setupK6Fixtures(
  db: Database,
  options: {
    residents: number;
    fanoutSizes: number[];
    readers: number;
    cardsPerReader: number;
    cardTokenSecret: string;
    sessionHours?: number;
  },
): Promise<K6Fixtures> {
  await ensureResidents(db, Math.max(options.residents, options.readers * options.cardsPerReader));
  await removeEarlierRun(db);
  const { rows } = await db.query<{ user_id: string; resident_id: string }>(
    `SELECT u.id AS user_id, r.id AS resident_id
       FROM residents r JOIN households h ON h.id = r.household_id JOIN users u ON u.resident_id = r.id
      WHERE r.home_municipality_code = $1
      ORDER BY ST_X(h.home_point), r.birth_date
      LIMIT $2`,
    [K6_MUNICIPALITY, options.residents],
  );
  const sessions = rows.map((row) => ({ ...row, sid: randomBytes(32).toString('base64url') }));
  const hqSid = randomBytes(32).toString('base64url');
  const hqCsrf = randomBytes(32).toString('base64url');
  const hours = options.sessionHours ?? 12;
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
     SELECT h, u, c, now() + make_interval(hours => $4::int)
       FROM unnest($1::text[], $2::uuid[], $3::text[]) AS s (h, u, c)`,
    [
      sessions.map((s) => hashSessionId(s.sid)),
      sessions.map((s) => s.user_id),
      sessions.map(() => randomBytes(32).toString('base64url')),
      hours,
    ],
  );
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
     SELECT $1, id, $2, now() + make_interval(hours => $3::int) FROM users WHERE username = $4`,
    [hashSessionId(hqSid), hqCsrf, hours, HQ_USERNAME],
  );
  return {
    residents: sessions.map((s) => ({ sid: s.sid, residentId: s.resident_id })),
    readers: await setupReaders(db, options),
    hq: { sid: hqSid, csrf: hqCsrf },
    fanoutPolygons: Object.fromEntries(options.fanoutSizes.map((n) => [String(n), polygonForResidents(n)])),
  };
}

/**
 * Open shelters with one reader each (kept between runs; a fresh device key per run) and cards for
 * bench residents from the far end of the line (a fresh card token secret per run, so the cards
 * are made anew). Shelters stand north of the residents' line, outside every fan-out polygon.
 */
async function setupReaders(
  db: Database,
  options: { readers: number; cardsPerReader: number; cardTokenSecret: string },
): Promise<K6Reader[]> {
  const { rows: existing } = await db.query<{ id: string }>(
    'SELECT id FROM shelters WHERE municipality_code = $1 ORDER BY name',
    [K6_MUNICIPALITY],
  );
  for (let r = existing.length; r < options.readers; r++) {
    await db.query(
      `WITH s AS (
         INSERT INTO shelters (name, kind, municipality_code, location, capacity_indoor, status)
         VALUES ($1, 'designated_shelter', $2, ST_SetSRID(ST_MakePoint($3::float8, 31.3), 4326), NULL, 'open')
         RETURNING id
       )
       INSERT INTO readers (shelter_id, name, mode, key_hash) SELECT id, $4, 'toggle', $5 FROM s`,
      [
        `k6ベンチ避難所 ${String(r + 1).padStart(4, '0')}`,
        K6_MUNICIPALITY,
        126.1 + r / 1000,
        `k6 reader ${r + 1}`,
        hashDeviceKey(randomBytes(24).toString('base64url')),
      ],
    );
  }
  const { rows: shelters } = await db.query<{ reader_id: string }>(
    `SELECT r.id AS reader_id FROM shelters s JOIN readers r ON r.shelter_id = s.id
      WHERE s.municipality_code = $1 AND r.revoked_at IS NULL ORDER BY s.name LIMIT $2`,
    [K6_MUNICIPALITY, options.readers],
  );
  const { rows: holders } = await db.query<{ id: string }>(
    `SELECT r.id FROM residents r JOIN households h ON h.id = r.household_id
      WHERE r.home_municipality_code = $1 ORDER BY ST_X(h.home_point) DESC, r.birth_date LIMIT $2`,
    [K6_MUNICIPALITY, options.readers * options.cardsPerReader],
  );
  await db.query(
    'DELETE FROM cards WHERE resident_id IN (SELECT id FROM residents WHERE home_municipality_code = $1)',
    [K6_MUNICIPALITY],
  );
  const uids = holders.map(() => randomBytes(8).toString('hex').toUpperCase());
  await db.query(
    `INSERT INTO cards (token, resident_id, kind) SELECT t, r, 'issued' FROM unnest($1::text[], $2::uuid[]) AS c (t, r)`,
    [uids.map((uid) => cardToken(options.cardTokenSecret, uid)), holders.map((h) => h.id)],
  );
  const readers: K6Reader[] = [];
  for (const [i, shelter] of shelters.entries()) {
    const deviceKey = `hrk_k6_${randomBytes(24).toString('base64url')}`;
    await db.query('UPDATE readers SET key_hash = $2 WHERE id = $1', [
      shelter.reader_id,
      hashDeviceKey(deviceKey),
    ]);
    readers.push({
      deviceKey,
      cardUids: uids.slice(i * options.cardsPerReader, (i + 1) * options.cardsPerReader),
    });
  }
  return readers;
}
