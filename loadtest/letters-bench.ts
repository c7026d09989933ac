/**
 * Enrolment letters bench: `npm run bench:letters -- [--households 200000] [--chunk 500]
 * [--bare-after true] [--out docs/benchmarks]` (see docs/benchmarks.md, "Enrolment letters").
 *
 * On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hinan_letters, migrated
 * first) it builds a municipality of N households (two adults and a child each, set-based), then
 * runs, each in a process of its own so that one's memory does not count towards the other's:
 *
 * - bare: a loop rendering the same letter pages with the same PDF code (pdfkit, the letter
 *   layout, two QR codes a page) into a file, with no database: the floor to compare with;
 * - job: a letter batch for the municipality, created as HQ would and worked by the LetterWorker
 *   as the job runner does (chunks of ENROLMENT_LETTERS_CHUNK, codes hashed and inserted, access
 *   log rows, journal fsynced per chunk, PDF and CSV streamed to files);
 * - bare again after the job (`--bare-after`, default on): on a shared machine the load changes
 *   during a long run, and the job is compared with the floor measured before and after it.
 *
 * For each: letters/s, the process's peak RSS (getrusage) and the highest RSS in each tenth of the
 * run, sampled from outside (a ceiling that holds shows as a flat row), and PDF bytes. The raw result, with date, commit and
 * machine, goes to `--out`/letters-<date>.json. The bench data stays in the database (a
 * municipality of its own; nothing else touches it).
 */
import { spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { Database } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPostgres } from '../server/src/db/postgres.js';
import { insertUser } from '../server/src/modules/auth/auth.queries.js';
import type { SessionUser } from '../server/src/modules/auth/auth.types.js';
import { generateEnrolmentCode } from '../server/src/modules/enrolment/enrolment-code.js';
import type { LetterRecord } from '../server/src/modules/enrolment/letters/letter.types.js';
import { LetterPdf } from '../server/src/modules/enrolment/letters/letters.pdf.js';
import { LetterService } from '../server/src/modules/enrolment/letters/letters.service.js';
import { LetterWorker } from '../server/src/modules/enrolment/letters/letters.worker.js';
import { letterFiles } from '../server/src/modules/enrolment/letters/letter-files.js';
import { LETTERS_QUEUE } from '../server/src/modules/enrolment/letters/letters.job.js';
import { JobEngine } from '../server/src/modules/jobs/job-engine.js';
import { intOption } from './lib/cli-options.js';
import { provenance } from './lib/provenance.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '200000' },
    chunk: { type: 'string', default: '500' },
    'bare-after': { type: 'string', default: 'true' },
    out: { type: 'string', default: 'docs/benchmarks' },
    // Set by the bench for the processes it starts.
    phase: { type: 'string' },
    municipality: { type: 'string' },
    hq: { type: 'string' },
  },
});
const households = intOption('households', values.households, 1, 2_000_000);
const chunkSize = intOption('chunk', values.chunk, 1, 10_000);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_letters';
const PORTAL = 'https://hinan.example.jp';
const SAMPLE_MS = 100;

interface PhaseResult {
  phase: 'bare' | 'job';
  letters: number;
  seconds: number;
  lettersPerSecond: number;
  /** The process's peak RSS (getrusage maxrss): building the batch or loop included. */
  peakRssBytes: number;
  /**
   * The highest RSS in each tenth of the measured run, in bytes, read from outside the process
   * every 100 ms (Linux /proc; empty elsewhere): a ceiling that holds shows as a flat row.
   */
  rssByTenth: number[];
  /** Epoch milliseconds the measured run started and ended (to place the samples). */
  startedAt: number;
  endedAt: number;
  pdfBytes: number;
  csvBytes?: number;
  /** The job only: creating the batch (its letters fixed in one statement), not in `seconds`. */
  createSeconds?: number;
}

/** Times `work`. Memory is read from outside (the parent) and at the end (getrusage). */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; startedAt: number; endedAt: number }> {
  const startedAt = Date.now();
  const startedNs = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
  return { result, seconds, startedAt, endedAt: Date.now() };
}

async function buildRegion(db: Database): Promise<{ code: string; hqId: string }> {
  let code: string;
  for (;;) {
    code = String(80_000 + randomInt(10_000));
    const { rowCount } = await db.query(
      `INSERT INTO municipalities (code, name, prefecture, population, boundary)
       VALUES ($1, 'ベンチ市', 'ベンチ県', $2, ST_Multi(ST_MakeEnvelope(125, 25, 125.1, 25.1, 4326)))
       ON CONFLICT (code) DO NOTHING`,
      [code, households * 3],
    );
    if (rowCount === 1) break;
  }
  await db.query(
    `WITH h AS (
       INSERT INTO households (municipality_code, address, home_point)
       SELECT $1, 'ベンチ県ベンチ市本町' || i || '丁目' || (i % 50) || '番地', ST_SetSRID(ST_MakePoint(125.05, 25.05), 4326)
         FROM generate_series(1, $2::int) AS i RETURNING id)
     INSERT INTO residents (household_id, family_name, given_name, birth_date, sex, relationship, home_municipality_code)
     SELECT h.id, '金沢', m.given, m.born, m.sex, m.rel, $1
       FROM h CROSS JOIN (VALUES ('太郎', date '1955-04-01', 'male', 'head'),
                                 ('花子', date '1958-09-30', 'female', 'spouse'),
                                 ('一郎', date '2018-06-15', 'male', 'child')) AS m (given, born, sex, rel)`,
    [code, households],
  );
  const hqId = await insertUser(db, {
    username: `bench-hq-${randomUUID().slice(0, 8)}`,
    passwordHash: null,
    displayName: 'Bench HQ',
    role: 'hq_operator',
    residentId: null,
  });
  return { code, hqId };
}

/** The same pages as the job, rendered in a bare loop: two adults' codes per household letter. */
async function bareLoop(file: string): Promise<void> {
  const pdf = await LetterPdf.create(PORTAL);
  const out = createWriteStream(file);
  pdf.doc.pipe(out);
  for (let seq = 1; seq <= households; seq += 1) {
    const letter: LetterRecord = {
      seq,
      reference: randomUUID(),
      municipalityCode: '80000',
      municipalityName: 'ベンチ市',
      address: `ベンチ県ベンチ市本町${seq}丁目${seq % 50}番地`,
      addressee: '金沢 太郎',
      perHousehold: true,
      recipients: [
        { name: '金沢 太郎', code: generateEnrolmentCode(), recovery: false },
        { name: '金沢 花子', code: generateEnrolmentCode(), recovery: false },
      ],
      expiresOn: '2027-01-06',
    };
    pdf.addLetter(letter);
    // The job waits for the disk the same way (bounded memory).
    if (pdf.doc.readableLength + out.writableLength > 8 * 1024 * 1024) {
      await once(out, 'drain');
    }
  }
  pdf.doc.end();
  await finished(out);
}

async function runBare(): Promise<PhaseResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hinan-letters-bare-'));
  const file = path.join(dir, 'bare.pdf');
  const run = await measured(() => bareLoop(file));
  const pdfBytes = (await stat(file)).size;
  await rm(dir, { recursive: true, force: true });
  return phaseResult('bare', households, run, pdfBytes);
}

function phaseResult(
  phase: PhaseResult['phase'],
  letters: number,
  run: Awaited<ReturnType<typeof measured>>,
  pdfBytes: number,
): PhaseResult {
  return {
    phase,
    letters,
    seconds: run.seconds,
    lettersPerSecond: letters / run.seconds,
    // maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    rssByTenth: [],
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    pdfBytes,
  };
}

async function runJob(municipalityCode: string, hqId: string): Promise<PhaseResult> {
  const db = openPostgres({ connectionString: databaseUrl, maxConnections: 4 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hinan-letters-job-'));
  // The batch's job is queued on an engine of the bench's own; the bench runs the batch itself.
  const schema = `bench_jobs_${process.pid}`;
  const jobs = new JobEngine(db, pino({ level: 'silent' }), { schema, schedules: false });
  jobs.queue(LETTERS_QUEUE);
  await jobs.start();
  const service = new LetterService(db, undefined, { minAge: 16, lettersDir: dir }, jobs);
  const worker = new LetterWorker(db, undefined, pino({ level: 'silent' }), {
    lettersDir: dir,
    portalBase: PORTAL,
    codeDays: 30,
    minAge: 16,
    chunkSize,
    leaseSeconds: 600,
    node: `bench-${process.pid}`,
  });
  // Only this bench's batch: anything else waiting in this database is left alone.
  await db.query(
    `UPDATE enrolment_letter_batches SET status = 'cancelled' WHERE status IN ('pending', 'running')`,
  );
  const hq = { id: hqId, role: 'hq_operator', residentId: null } as SessionUser;
  const created = await measured(() =>
    service.create(hq, {
      per: 'household',
      targeting: { municipalityCodes: [municipalityCode] },
      replaceOpenCodes: false,
      includeEnrolled: false,
      force: true,
    }),
  );
  const run = await measured(() => worker.runBatch(created.result.id));
  const files = letterFiles(dir, created.result.id);
  const result: PhaseResult = {
    ...phaseResult('job', run.result.letters, run, (await stat(files.pdf)).size),
    csvBytes: (await stat(files.csv)).size,
    createSeconds: created.seconds,
  };
  await rm(dir, { recursive: true, force: true });
  await jobs.stop();
  await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  return result;
}

const RESULT_PREFIX = 'LETTERS-BENCH-RESULT ';

/** The resident set of a process, read from /proc (Linux); null where there is no /proc. */
async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** The highest sample in each tenth of [from, to]; a tenth without a sample repeats the one before. */
function byTenth(samples: readonly { at: number; rss: number }[], from: number, to: number): number[] {
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  if (inside.length === 0) return [];
  const span = Math.max(1, to - from);
  const tenths = Array.from({ length: 10 }, () => 0);
  for (const { at, rss } of inside) {
    const i = Math.min(9, Math.floor(((at - from) / span) * 10));
    tenths[i] = Math.max(tenths[i]!, rss);
  }
  for (let i = 1; i < 10; i += 1) if (tenths[i] === 0) tenths[i] = tenths[i - 1]!;
  return tenths;
}

/**
 * Runs one phase in a new process of this script (same loader flags), samples its RSS from here
 * (a process busy rendering would not run its own timer), and reads its result line.
 */
async function inChild(args: string[]): Promise<PhaseResult> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const samples: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => {
    if (child.pid === undefined) return;
    void rssOf(child.pid).then((rss) => {
      if (rss !== null) samples.push({ at: Date.now(), rss });
    });
  }, SAMPLE_MS);
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  const line = output.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line) throw new Error(`bench phase ${args.join(' ')} failed (exit ${code})`);
  const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as PhaseResult;
  return { ...result, rssByTenth: byTenth(samples, result.startedAt, result.endedAt) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const common = () => ['--households', String(households), '--chunk', String(chunkSize)];

async function main(): Promise<void> {
  const db = openPostgres({ connectionString: databaseUrl, maxConnections: 2 });
  await migrate(db);
  const started = Date.now();
  const region = await buildRegion(db);
  const regionSeconds = (Date.now() - started) / 1000;
  await db.close();
  console.log(`region: ${households} households built in ${regionSeconds.toFixed(1)} s`);
  const load = () => os.loadavg().map((l) => l.toFixed(2));

  const loadBefore = load();
  const bare = await inChild(['--phase', 'bare', ...common()]);
  console.log(`bare: ${bare.lettersPerSecond.toFixed(0)} letters/s, peak RSS ${mb(bare.peakRssBytes)}`);
  const job = await inChild([
    '--phase',
    'job',
    '--municipality',
    region.code,
    '--hq',
    region.hqId,
    ...common(),
  ]);
  console.log(`job: ${job.lettersPerSecond.toFixed(0)} letters/s, peak RSS ${mb(job.peakRssBytes)}`);
  const bareAfter = values['bare-after'] === 'false' ? null : await inChild(['--phase', 'bare', ...common()]);
  const loadAfter = load();

  const bareRates = [bare, ...(bareAfter ? [bareAfter] : [])].map((run) => run.lettersPerSecond);
  const floor = bareRates.reduce((sum, rate) => sum + rate, 0) / bareRates.length;
  const result = {
    ...provenance(),
    command: `npm run bench:letters -- --households ${households}`,
    households,
    chunkSize,
    loadAverage: { before: loadBefore, after: loadAfter },
    runs: { bare, job, ...(bareAfter ? { bareAfter } : {}) },
    ratio: {
      throughputJobOverBare: job.lettersPerSecond / floor,
      peakRssJobOverBare: job.peakRssBytes / bare.peakRssBytes,
      pdfBytesJobOverBare: job.pdfBytes / bare.pdfBytes,
    },
  };
  await mkdir(values.out, { recursive: true });
  const file = path.join(values.out, `letters-${result.date.slice(0, 16).replace(':', '')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

  console.log(
    `\nEnrolment letters, ${households} households (2 adults each), chunk ${chunkSize}, ${os.availableParallelism()} cores, load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
  );
  console.log(
    `batch created (letters fixed) in ${job.createSeconds?.toFixed(1)} s; job processed ${job.letters} letters`,
  );
  console.log('| run | letters/s | seconds | peak RSS | RSS by tenth of the run (MB) | PDF bytes |');
  console.log('| --- | ---: | ---: | ---: | --- | ---: |');
  for (const [name, run] of [
    ['bare pdfkit loop', bare],
    ['letter job', job],
    ...(bareAfter ? [['bare pdfkit loop, after', bareAfter] as const] : []),
  ] as const) {
    const tenths = run.rssByTenth.map((bytes) => (bytes / 1024 / 1024).toFixed(0)).join(' ');
    console.log(
      `| ${name} | ${run.lettersPerSecond.toFixed(0)} | ${run.seconds.toFixed(1)} | ${mb(run.peakRssBytes)} | ${tenths} | ${run.pdfBytes} (${mb(run.pdfBytes)}) |`,
    );
  }
  console.log(
    `CSV bytes: ${job.csvBytes}; job/bare throughput ${result.ratio.throughputJobOverBare.toFixed(2)}× (bare mean of ${bareRates.length}), ` +
      `peak RSS ${result.ratio.peakRssJobOverBare.toFixed(2)}×, PDF bytes ${result.ratio.pdfBytesJobOverBare.toFixed(3)}×`,
  );
  console.log(`raw: ${file}`);
}

if (values.phase === 'bare') {
  console.log(`${RESULT_PREFIX}${JSON.stringify(await runBare())}`);
} else if (values.phase === 'job') {
  if (!values.municipality || !values.hq) throw new Error('--phase job needs --municipality and --hq');
  console.log(`${RESULT_PREFIX}${JSON.stringify(await runJob(values.municipality, values.hq))}`);
} else {
  await main();
}
