/**
 * Enrolment claim bench: `npm run bench:claims -- [--rate 50] [--seconds 30]` (see
 * docs/benchmarks.md, "Enrolment claims").
 *
 * Starts the real server as its own process over PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/hinan_claims, created and migrated when missing), gives a
 * municipality of its own one adult per code, issues every code as staff would (hash only), then
 * drives claims open loop at `--rate` per second, each from another address (X-Forwarded-For, the
 * server trusts one proxy hop), as a phone would: `POST /api/enrolment/start` (code + birth date
 * checked, limits counted, the passkey challenge stored), then `POST /api/enrolment/claim` with the
 * new passkey (attestation checked, account, credential, code used, access log and inbox entry in
 * one transaction).
 *
 * The passkey's registration on the device is left out: a software authenticator answers the
 * ceremony in the bench (loadtest/lib/soft-passkey.ts), outside the timed requests. A password
 * instead of a passkey adds one argon2id hash to the claim: measured on its own in the same run
 * (sequentially, the server's parameters) and reported next to the claim figures.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../server/src/modules/auth/password.js';
import {
  generateEnrolmentCode,
  hashEnrolmentCode,
  normaliseEnrolmentCode,
} from '../server/src/modules/enrolment/enrolment-code.js';
import { intOption } from './lib/cli-options.js';
import { ensureBenchDatabase } from './lib/bench-db.js';
import { Latencies } from './lib/latency.js';
import { runOpenLoop } from './lib/open-loop.js';
import { provenance } from './lib/provenance.js';
import { passkeyRegistration } from './lib/soft-passkey.js';
import { startServerProcess } from './lib/server-process.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    'argon2-samples': { type: 'string', default: '40' },
    out: { type: 'string', default: 'docs/benchmarks' },
  },
});
const rate = intOption('rate', values.rate, 1, 2_000);
const seconds = intOption('seconds', values.seconds, 1, 600);
const argonSamples = intOption('argon2-samples', values['argon2-samples'], 1, 1_000);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_claims';
/** A municipality of this run's own (codes outside the JIS range in use); earlier runs' stay. */
const MUNICIPALITY = String(97_000 + randomInt(1_000));
const BIRTH_DATE = '1961-03-14';

const db = await ensureBenchDatabase(databaseUrl);

/** One adult per claim (plus the warm-up), each with an open code; returns the codes. */
async function setUp(count: number): Promise<string[]> {
  await db.query(
    `INSERT INTO municipalities (code, name, prefecture, population, boundary)
     VALUES ($1, '登録ベンチ市', 'ベンチ県', $2, ST_Multi(ST_MakeEnvelope(126, 26, 126.1, 26.1, 4326)))`,
    [MUNICIPALITY, count],
  );
  const codes = Array.from({ length: count }, () => generateEnrolmentCode());
  await db.query(
    `WITH h AS (
       INSERT INTO households (municipality_code, address, home_point)
       SELECT $1, 'ベンチ県登録ベンチ市' || i || '番地', ST_SetSRID(ST_MakePoint(126.05, 26.05), 4326)
         FROM generate_series(1, $2::int) AS i RETURNING id),
     r AS (
       INSERT INTO residents (household_id, family_name, given_name, birth_date, sex, relationship, home_municipality_code)
       SELECT id, '登録', '太郎', $3::date, 'male', 'head', $1 FROM h RETURNING id)
     INSERT INTO enrolment_codes (resident_id, code_hash, purpose, expires_at)
     SELECT r.id, c.hash, 'enrol', now() + interval '1 day'
       FROM (SELECT id, row_number() OVER () AS n FROM r) r
       JOIN (SELECT hash, ordinality AS n FROM unnest($4::text[]) WITH ORDINALITY AS u (hash)) c USING (n)`,
    [MUNICIPALITY, count, BIRTH_DATE, codes.map((code) => hashEnrolmentCode(normaliseEnrolmentCode(code)!))],
  );
  return codes;
}

async function argon2Alone(samples: number): Promise<ReturnType<Latencies['summary']>> {
  const latencies = new Latencies();
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await hashPassword(`cherry blossoms over kanazawa ${randomUUID()}`);
    latencies.add(performance.now() - started);
  }
  return latencies.summary();
}

const warmUp = 50;
const total = rate * seconds + warmUp;
console.log(`setting up ${total} residents with open enrolment codes …`);
const codes = await setUp(total);
const server = await startServerProcess({
  DATABASE_URL: databaseUrl,
  TRUST_PROXY: '1',
  // The global cap is what this bench measures past; per code and per address limits still apply.
  ENROLMENT_CLAIMS_PER_MINUTE: '100000',
});
console.log(`server pid ${server.pid} at ${server.url}`);
// Without PUBLIC_BASE_URL the server's relying party is the address the request came to.
const origin = new URL(server.url).origin;

// Replaced after the warm-up: only the stage's samples count.
let startLatencies = new Latencies();
let claimLatencies = new Latencies();
let next = 0;
async function claimOne(): Promise<boolean> {
  const code = codes[next++]!;
  const headers = {
    'content-type': 'application/json',
    'x-forwarded-for': `198.18.${randomInt(256)}.${randomInt(1, 255)}`,
  };
  let started = performance.now();
  const first = await fetch(`${server.url}/api/enrolment/start`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ code, birthDate: BIRTH_DATE }),
  });
  const firstBody = await first.text();
  startLatencies.add(performance.now() - started);
  if (first.status !== 200) return refused('start', first.status, firstBody);
  const { passkeyOptions } = JSON.parse(firstBody) as { passkeyOptions: { challenge: string } };
  const passkey = passkeyRegistration(passkeyOptions, origin);
  started = performance.now();
  const claim = await fetch(`${server.url}/api/enrolment/claim`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ code, birthDate: BIRTH_DATE, passkey }),
  });
  const claimBody = await claim.text();
  claimLatencies.add(performance.now() - started);
  return claim.status === 201 || refused('claim', claim.status, claimBody);
}

/** Counts a refusal by step and error id; the first of each kind is printed to find the cause. */
const refusals: Record<string, number> = {};
function refused(step: string, status: number, body: string): false {
  const id = /"id":"([a-z_]+)"/.exec(body)?.[1] ?? 'no_id';
  const key = `${step} ${status} ${id}`;
  if (!refusals[key]) console.error(`first refusal: ${key}`);
  refusals[key] = (refusals[key] ?? 0) + 1;
  return false;
}

try {
  for (let i = 0; i < warmUp; i += 1) await claimOne();
  const argonAlone = await argon2Alone(argonSamples);
  startLatencies = new Latencies();
  claimLatencies = new Latencies();
  const run = await runOpenLoop(claimOne, { perSecond: rate, seconds });
  const { rows } = await db.query<{ used: string }>(
    `SELECT count(*) AS used FROM enrolment_codes c JOIN residents r ON r.id = c.resident_id
      WHERE r.home_municipality_code = $1 AND c.used_at IS NOT NULL`,
    [MUNICIPALITY],
  );
  const result = {
    ...provenance(),
    command: `npm run bench:claims -- --rate ${rate} --seconds ${seconds}`,
    rate,
    seconds,
    claimsAttempted: run.sent,
    claimsOk: run.completed - run.errors,
    errors: run.errorKinds,
    refusals,
    codesUsedInDatabase: Number(rows[0]!.used),
    startToAccountMs: run.latencyMs,
    startStepMs: startLatencies.summary(),
    claimStepMs: claimLatencies.summary(),
    passwordInsteadAddsArgon2idMs: argonAlone,
  };
  console.log(JSON.stringify(result, null, 2));
  await mkdir(values.out, { recursive: true });
  const file = path.join(values.out, `claims-${result.date.slice(0, 10)}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  await server.stop();
  await db.close();
}
