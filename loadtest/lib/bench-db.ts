import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';
import { openPostgres } from '../../server/src/db/postgres.js';
import { cardToken } from '../../server/src/modules/checkins/card-token.js';
import { hashDeviceKey } from '../../server/src/modules/readers/readers.service.js';

/** The bench's own municipality code: outside the JIS range in use, so real data is never touched. */
export const BENCH_MUNICIPALITY = '99990';

export interface BenchReader {
  shelterId: string;
  deviceKey: string;
  cardUids: string[];
}

/** Creates the database (and PostGIS) when missing, then migrates it. Only local URLs are accepted. */
export async function ensureBenchDatabase(url: string): Promise<Database> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))
    throw new Error('the bench only runs against a local database');
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const db = openPostgres({ connectionString: url, maxConnections: 4 });
  await migrate(db);
  return db;
}

/**
 * Removes what an earlier bench run left (its own municipality only), so runs start alike.
 *
 * The tap tables (`whereabouts_current`, `whereabouts_events`, `taps`) hold the bulk: tens of
 * thousands of rows after a long run, and several columns that refer to them have no index (the
 * application never looks them up that way), so the per-row foreign-key checks would scan whole
 * tables once per deleted row: minutes. Those three deletes, which remove every referencing row
 * themselves, run with foreign-key checks off (`session_replication_role = replica`, this
 * transaction only; no other trigger is defined on them). Everything else is deleted with triggers
 * on, so counters kept by triggers (e.g. the registry count on `residents`) stay right.
 */
async function removeEarlierRun(db: Database, municipality: string): Promise<void> {
  await db.transaction(async (tx) => {
    const shelters = `(SELECT id FROM shelters WHERE municipality_code = '${municipality}')`;
    const residents = `(SELECT id FROM residents WHERE home_municipality_code = '${municipality}')`;
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(`DELETE FROM whereabouts_current WHERE resident_id IN ${residents}`);
    await tx.query(`DELETE FROM whereabouts_events WHERE resident_id IN ${residents}`);
    await tx.query(`DELETE FROM taps WHERE shelter_id IN ${shelters}`);
    await tx.query('SET LOCAL session_replication_role = origin');
    await tx.query(`DELETE FROM cards WHERE resident_id IN ${residents}`);
    await tx.query(`DELETE FROM readers WHERE shelter_id IN ${shelters}`);
    await tx.query(`DELETE FROM residents WHERE home_municipality_code = '${municipality}'`);
    await tx.query(`DELETE FROM households WHERE municipality_code = '${municipality}'`);
    await tx.query(`DELETE FROM shelters WHERE municipality_code = '${municipality}'`);
  });
}

/**
 * Bench fixtures written straight to the database (they are not what is measured): one open
 * shelter per reader, residents with cards (token = HMAC under the secret the server gets), and
 * readers with known device keys.
 */
export async function setupBenchData(
  db: Database,
  options: {
    readers: number;
    cardsPerReader: number;
    cardTokenSecret: string;
    /** Bench-only municipality code (outside the JIS range): two benches at once need two codes. */
    municipality?: string;
  },
): Promise<BenchReader[]> {
  const municipality = options.municipality ?? BENCH_MUNICIPALITY;
  if (!/^999\d\d$/.test(municipality)) throw new Error('a bench municipality code is 999xx');
  await removeEarlierRun(db, municipality);
  await db.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     VALUES ($1, 'ベンチ市', 'ベンチ県', 0, ST_Multi(ST_MakeEnvelope(125, 30, 125.5, 30.5, 4326)))
     ON CONFLICT (code) DO NOTHING`,
    [municipality],
  );
  const readers: BenchReader[] = [];
  for (let r = 0; r < options.readers; r++) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO shelters (name, kind, municipality_code, location, capacity_indoor, status)
       VALUES ($1, 'designated_shelter', $2, ST_SetSRID(ST_MakePoint($3, 30.2), 4326), NULL, 'open') RETURNING id`,
      [`ベンチ避難所 ${r + 1}`, municipality, 125.1 + r / 1000],
    );
    const shelterId = rows[0]!.id;
    const household = await db.query<{ id: string }>(
      `INSERT INTO households (municipality_code, address, home_point)
       VALUES ($1, 'ベンチ県ベンチ市1-1', ST_SetSRID(ST_MakePoint(125.2, 30.2), 4326)) RETURNING id`,
      [municipality],
    );
    const cardUids = Array.from({ length: options.cardsPerReader }, () =>
      randomBytes(8).toString('hex').toUpperCase(),
    );
    await db.query(
      `WITH people AS (
         INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana,
                                birth_date, sex, home_municipality_code, home_point)
         SELECT $1, 'ベンチ', 'タロウ' || n, 'ベンチ', 'タロウ', '1980-01-01', 'male', $2,
                ST_SetSRID(ST_MakePoint(125.2, 30.2), 4326)
           FROM generate_series(1, $3) AS n
         RETURNING id
       ), numbered AS (SELECT id, row_number() OVER () AS n FROM people)
       INSERT INTO cards (token, resident_id, kind)
       SELECT t.token, numbered.id, 'issued'
         FROM numbered JOIN unnest($4::text[]) WITH ORDINALITY AS t(token, n) ON t.n = numbered.n`,
      [
        household.rows[0]!.id,
        municipality,
        options.cardsPerReader,
        cardUids.map((uid) => cardToken(options.cardTokenSecret, uid)),
      ],
    );
    const deviceKey = `hrk_bench_${randomBytes(24).toString('base64url')}`;
    await db.query(`INSERT INTO readers (shelter_id, name, mode, key_hash) VALUES ($1, $2, 'toggle', $3)`, [
      shelterId,
      `Bench reader ${r + 1}`,
      hashDeviceKey(deviceKey),
    ]);
    readers.push({ shelterId, deviceKey, cardUids });
  }
  return readers;
}
