/**
 * Times the notice preview (one set-based count) on the benchmark registry without changing it:
 * session-private TEMP copies of `residents` and `households` shadow the real tables, with the
 * attributes of migration 0011 filled deterministically from each row's id (about half
 * consenting, one in twenty living outside, damage spread over every level), and vanish with the
 * connection.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hinan_bench npx tsx loadtest/notices-preview-bench.ts
 */
import pg from 'pg';
import { buildTargetQuery } from '../server/src/modules/notices/notices.targeting.js';
import type { Targeting } from '@contract/notices/notices.schema.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';
const client = new pg.Client({ connectionString: url });
await client.connect();

async function timed(sql: string, params: unknown[] = []): Promise<{ ms: number; rows: unknown[] }> {
  const started = performance.now();
  const { rows } = await client.query(sql, params);
  return { ms: performance.now() - started, rows };
}

const setup = performance.now();
await client.query(`
  CREATE TEMP TABLE residents AS
  SELECT r.id, r.household_id, r.birth_date, r.care_needs, r.home_point, r.home_municipality_code, r.language,
         (hashtext(r.id::text) & 1) = 0 AS notice_consent,
         CASE WHEN hashtext(r.id::text) % 20 = 0 THEN '13101' END::char(5) AS lives_now_municipality_code
  FROM public.residents r`);
await client.query(`
  CREATE TEMP TABLE households AS
  SELECT h.id, (ARRAY['none','partial','semi_half','half','medium_half','large_half','total', NULL])
                [1 + abs(hashtext(h.id::text)) % 8] AS house_damage
  FROM public.households h`);
await client.query('ALTER TABLE residents ADD PRIMARY KEY (id)');
await client.query('ALTER TABLE households ADD PRIMARY KEY (id)');
await client.query('CREATE INDEX ON residents USING gist (home_point)');
await client.query('CREATE INDEX ON residents (household_id)');
await client.query('CREATE INDEX ON residents (home_municipality_code)');
await client.query('ANALYZE residents');
await client.query('ANALYZE households');
console.log(`temp copies ready in ${Math.round(performance.now() - setup)} ms`);
await client.query("SET jit = off; SET work_mem = '64MB'");

const nanao = '17202';
const kanazawa = '17201';
const cases: [string, Targeting][] = [
  ['everyone (consent only)', {}],
  ['Nanao, evacuated outside', { municipalityCodes: [nanao], whereabouts: ['evacuated_outside'] }],
  [
    'all, 65+, house half or worse',
    { ageMin: 65, houseDamage: ['half', 'medium_half', 'large_half', 'total'] },
  ],
  ['all, household with infant', { householdHas: ['infant'] }],
  [
    'Kanazawa + polygon, child and elderly in household, shelter or outside, any damage',
    {
      municipalityCodes: [kanazawa],
      polygons: [
        [
          [136.9, 37.0],
          [137.1, 37.0],
          [137.1, 37.2],
          [136.9, 37.2],
          [136.9, 37.0],
        ],
      ],
      householdHas: ['child', 'elderly'],
      whereabouts: ['shelter', 'evacuated_outside'],
      houseDamage: ['none', 'partial', 'half', 'total', 'not_assessed'],
    },
  ],
];

if (process.env.EXPLAIN) {
  for (const [name, targeting] of cases) {
    const q = buildTargetQuery(targeting, { consentOnly: true });
    const sql = `${q.with ? `${q.with},` : 'WITH'} targeted AS (${q.select}) SELECT count(*)::int AS total FROM targeted`;
    const plan = await client.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, q.params);
    console.log(`${name}\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
  }
}

for (let round = 0; round < 2; round += 1) {
  const baseline = await timed('SELECT count(*) FROM residents');
  console.log(`round ${round + 1}: baseline count(*) over residents ${baseline.ms.toFixed(0)} ms`);
  for (const [name, targeting] of cases) {
    const q = buildTargetQuery(targeting, { consentOnly: true });
    const sql = `${q.with ? `${q.with},` : 'WITH'} targeted AS (${q.select}) SELECT count(*)::int AS total FROM targeted`;
    const result = await timed(sql, q.params);
    const total = (result.rows[0] as { total: number }).total;
    console.log(
      `  ${name}: ${total} people, ${result.ms.toFixed(0)} ms (${(result.ms / baseline.ms).toFixed(1)}x baseline)`,
    );
  }
}
await client.end();
