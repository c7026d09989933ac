/**
 * Escalation fan-out bench: `npm run bench:delivery -- [options]`.
 *
 * The goal: a warning to 金沢市 (449,949 residents of the 1.1 M registry) of whom 30 % have a
 * push subscription, 20 % a verified e-mail address and 10 % a verified mobile number: every
 * inbox entry and every first-step channel job durable within 10 s.
 *
 * Runs the real server in this process (job engine included) on PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/hinan_bench, migrated first) and sends the warning as HQ does
 * (`POST /api/alerts`, CAP severity Extreme, the municipality by JIS X 0402 geocode). Measured from
 * the request:
 *
 * - inbox: the answer (the warning, its inbox entry sets and their rows are committed by then);
 * - first step: the step-0 job completed, i.e. committed in one transaction: a queued `deliveries`
 *   row per person with a push subscription and their send-batch jobs, plus (Extreme policy) the
 *   visit hand-over of everyone who has no channel at all, rows and `visit-tasks.open` jobs.
 *
 * Senders answer "sent" at once (a sink): what is measured is escalation, not a protocol.
 *
 * Registry: by default the residents of 金沢市 (17201) as `npm run generate:residents -- --residents
 * 1100000` made them. `--residents N` instead builds N residents of a bench municipality (99990)
 * of their own, for a short run. Channels are given to a fixed share of them (by a hash of the
 * resident id) before each run; earlier bench channels are removed first.
 *
 * Options: --residents N (bench municipality) | --municipality 17201   --out docs/benchmarks
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { formatCapDateTime } from '../geo/src/cap/cap.datetime.js';
import { loadConfig } from '../server/src/config.js';
import type { Database } from '../server/src/db/database.js';
import { hashPassword } from '../server/src/modules/auth/password.js';
import type { ChannelSenders } from '../server/src/modules/delivery/channel-senders.js';
import type { ChannelName, ChannelSender } from '../server/src/modules/delivery/channel.types.js';
import { stepJobId } from '../server/src/modules/delivery/delivery.jobs.js';
import { listen } from '../server/src/server.js';
import { ensureBenchDatabase } from './lib/bench-db.js';
import { intOption } from './lib/cli-options.js';
import { describeMachine } from './lib/machine.js';
import { provenance } from './lib/provenance.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string' },
    municipality: { type: 'string', default: '17201' },
    out: { type: 'string', default: 'docs/benchmarks' },
  },
});
const benchResidents = values.residents ? intOption('residents', values.residents, 1, 2_000_000) : null;
const BENCH_CODE = '99990';
const code = benchResidents ? BENCH_CODE : values.municipality;
if (!/^\d{5}$/.test(code)) throw new Error('--municipality must be a 5-digit JIS X 0402 code');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';
const JOBS_SCHEMA = 'delivery_bench_jobs';
const SHARES = { push: 30, email: 20, sms: 10 };

const db: Database = await ensureBenchDatabase(databaseUrl);

/** A square far out at sea for the bench municipality: no real boundary is near it. */
async function buildBenchMunicipality(count: number): Promise<void> {
  console.log(`building ${count.toLocaleString('en')} residents of bench municipality ${BENCH_CODE} …`);
  await db.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     VALUES ($1, 'ベンチ市', 'ベンチ県', $2,
             ST_Multi(ST_MakeEnvelope(160.0, 40.0, 160.2, 40.2, 4326)))
     ON CONFLICT (code) DO UPDATE SET population = EXCLUDED.population`,
    [BENCH_CODE, count],
  );
  await removeBenchAccounts();
  await db.query('DELETE FROM residents WHERE home_municipality_code = $1', [BENCH_CODE]);
  await db.query(
    `INSERT INTO residents (family_name, given_name, birth_date, sex, home_point, home_municipality_code)
     SELECT 'ベンチ', '住民', '1980-04-01', 'unspecified',
            ST_SetSRID(ST_MakePoint(160.0 + random() * 0.2, 40.0 + random() * 0.2), 4326), $1
       FROM generate_series(1, $2)`,
    [BENCH_CODE, count],
  );
}

async function removeBenchAccounts(): Promise<void> {
  await db.query(
    `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username LIKE 'bench-r-%')`,
  );
  await db.query(`DELETE FROM users WHERE username LIKE 'bench-r-%'`);
  await db.query(
    `DELETE FROM contact_points WHERE address LIKE '%@bench.invalid' OR address LIKE '+8199000%'`,
  );
}

/** Accounts with a push subscription, verified e-mail and SMS contacts for fixed shares of the targeted. */
async function giveChannels(): Promise<Record<ChannelName, number>> {
  await removeBenchAccounts();
  const share = (salt: string, percent: number) =>
    `abs(hashtext(r.id::text || '${salt}')) % 100 < ${percent}`;
  const people = `FROM residents r WHERE r.home_municipality_code = $1`;
  const push = await db.query(
    `WITH accounts AS (
       INSERT INTO users (username, password_hash, display_name, role, resident_id)
       SELECT 'bench-r-' || replace(r.id::text, '-', ''), 'x', 'Bench', 'resident', r.id ${people}
          AND ${share('push', SHARES.push)} AND NOT EXISTS (SELECT 1 FROM users u WHERE u.resident_id = r.id)
       RETURNING id)
     INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
     SELECT id, 'https://push.bench.invalid/' || id, repeat('B', 87), repeat('A', 22) FROM accounts`,
    [code],
  );
  const email = await db.query(
    `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version)
     SELECT r.id, 'email', 'r' || left(replace(r.id::text, '-', ''), 12) || '@bench.invalid', now(), now(), '2026-12-v1' ${people}
        AND ${share('email', SHARES.email)}
     ON CONFLICT DO NOTHING`,
    [code],
  );
  const sms = await db.query(
    `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version)
     SELECT r.id, 'sms', '+8199000' || lpad((row_number() OVER ())::text, 7, '0'), now(), now(), '2026-12-v1' ${people}
        AND ${share('sms', SHARES.sms)}
     ON CONFLICT DO NOTHING`,
    [code],
  );
  return { push: push.rowCount, email: email.rowCount, sms: sms.rowCount };
}

if (benchResidents) await buildBenchMunicipality(benchResidents);
const { rows: countRows } = await db.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM residents WHERE home_municipality_code = $1',
  [code],
);
const residents = countRows[0]!.n;
if (residents === 0) {
  throw new Error(
    `no residents in ${code}: run npm run generate:residents -- --residents 1100000 first, or pass --residents N`,
  );
}
console.log(`giving channels to ${residents.toLocaleString('en')} residents of ${code} …`);
const channels = await giveChannels();
const hqPassword = `bench-${Date.now()}`;
// Kept between runs (its warnings name it); a fresh password each run.
await db.query(
  `INSERT INTO users (username, password_hash, display_name, role) VALUES ('bench-hq-delivery', $1, 'Bench HQ', 'hq_operator')
   ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
  [await hashPassword(hqPassword)],
);
await db.exec(`DROP SCHEMA IF EXISTS ${JOBS_SCHEMA} CASCADE`);
console.log('VACUUM (ANALYZE) …');
for (const table of [
  'residents',
  'users',
  'push_subscriptions',
  'contact_points',
  'inbox_items',
  'deliveries',
]) {
  await db.query(`VACUUM (ANALYZE) ${table}`);
}

/** Answers "sent" at once: the bench measures escalation, not a protocol. */
const sink = <C extends ChannelName>(channel: C): ChannelSender<C> => ({
  channel,
  send: (_address, message) => Promise.resolve({ outcome: 'sent', providerRef: message.deliveryId }),
});
const channelSenders: ChannelSenders = { push: sink('push'), email: sink('email'), sms: sink('sms') };

const config = loadConfig({
  DATABASE_URL: databaseUrl,
  HOST: '127.0.0.1',
  PORT: '0',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  JOBS_SCHEMA,
  DATA_DIR: path.resolve('data/delivery-bench'),
});
const server = await listen({ config, db, logger: pino({ level: 'warn' }), channelSenders });

async function call(method: string, route: string, body: unknown, cookie?: string, csrf?: string) {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, response };
}

const login = await call('POST', '/api/auth/login', { username: 'bench-hq-delivery', password: hqPassword });
const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;
const csrf = login.body.csrfToken as string;

const warning = {
  identifier: `delivery-bench-${Date.now()}`,
  sender: 'bench@hinan.invalid',
  sent: formatCapDateTime(new Date()),
  status: 'Exercise',
  msgType: 'Alert',
  scope: 'Public',
  info: ['ja-JP', 'en-US'].map((language) => ({
    language,
    category: ['Met'],
    event: language === 'ja-JP' ? '避難指示' : 'Evacuation order',
    urgency: 'Immediate',
    severity: 'Extreme',
    certainty: 'Observed',
    headline: language === 'ja-JP' ? '避難指示（訓練）' : 'Evacuation order (exercise)',
    expires: formatCapDateTime(new Date(Date.now() + 3_600_000)),
    area: [{ areaDesc: code, geocode: [{ valueName: 'JIS X 0402', value: code }] }],
  })),
};

console.log('sending the warning …');
const t0 = performance.now();
const issued = await call('POST', '/api/alerts', warning, cookie, csrf);
const inboxMs = performance.now() - t0;
if (issued.status !== 201) throw new Error(`the warning was refused: ${JSON.stringify(issued.body)}`);
const alertId = (issued.body.alert as { id: string }).id;
const targeted = issued.body.targeted as number;

const stepId = stepJobId('alert', alertId, 0);
/** When each part of the first step had committed (ms after the request). */
const done: { push?: number; unreachable?: number } = {};
while (done.push === undefined || done.unreachable === undefined) {
  const { rows } = await db.query<{ part: 'push' | 'unreachable'; state: string }>(
    `SELECT CASE WHEN id = $1 THEN 'push' ELSE 'unreachable' END AS part, state FROM ${JOBS_SCHEMA}.job
      WHERE id = $1 OR (name = 'delivery.failover' AND data->>'messageId' = $2 AND data->>'residentIds' = 'unreachable')`,
    [stepId, alertId],
  );
  for (const row of rows) {
    if (row.state === 'failed') throw new Error(`the first step (${row.part}) failed`);
    if (row.state === 'completed') done[row.part] ??= performance.now() - t0;
  }
  if (performance.now() - t0 > 120_000) throw new Error('the first step did not finish within 2 minutes');
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const firstStepMs = Math.max(done.push, done.unreachable);
const { rows: jobRows } = await db.query<{
  name: string;
  jobs: number;
  people: number;
  step_ms: number | null;
}>(
  `SELECT name, count(*)::int AS jobs,
          sum(CASE WHEN jsonb_typeof(data->'ids') = 'array' THEN jsonb_array_length(data->'ids')
                   WHEN jsonb_typeof(data->'residentIds') = 'array' THEN jsonb_array_length(data->'residentIds')
                   ELSE 0 END)::int AS people,
          max(extract(epoch FROM completed_on - started_on) * 1000)::int AS step_ms
     FROM ${JOBS_SCHEMA}.job WHERE data->>'messageId' = $1 OR data->>'alertId' = $1 GROUP BY name`,
  [alertId],
);
const { rows: deliveryRows } = await db.query<{ channel: string; rows: number }>(
  'SELECT channel, count(*)::int AS rows FROM deliveries WHERE message_id = $1 GROUP BY channel ORDER BY channel',
  [alertId],
);
await server.close();
await db.close();

const result = {
  ...provenance(),
  machine: describeMachine(databaseUrl),
  municipality: code,
  residents,
  targeted,
  channels,
  goalMs: 10_000,
  inboxMs: Math.round(inboxMs),
  firstStepMs: Math.round(firstStepMs),
  pushJobsMs: Math.round(done.push),
  unreachableHandedOverMs: Math.round(done.unreachable),
  met: firstStepMs < 10_000,
  jobs: jobRows,
  deliveries: deliveryRows,
};
console.log(JSON.stringify(result, null, 2));
await mkdir(values.out, { recursive: true });
const file = path.join(values.out, `delivery-${benchResidents ? `${benchResidents}` : code}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${file}`);
process.exit(0);
