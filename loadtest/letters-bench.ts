/**
 * Enrolment letters bench: `npm run bench:letters -- [--households 200000]` (see docs/benchmarks.md,
 * "Enrolment letters").
 *
 * On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hinan_letters, migrated
 * first) it builds a municipality of N households (two adults and a child each, set-based), then:
 *
 * - bare: a loop rendering the same letter pages with the same PDF code (pdfkit, the letter
 *   layout, two QR codes a page) into a file, with no database: the floor to compare with;
 * - job: a letter batch for the municipality, created as HQ would and worked by the LetterWorker
 *   as the job runner does (chunks of ENROLMENT_LETTERS_CHUNK, codes hashed and inserted, access
 *   log rows, journal fsynced per chunk, PDF and CSV streamed to files).
 *
 * For each: letters/s, peak RSS of this process while it ran (sampled every 50 ms), and PDF bytes.
 * The bench data stays in the database (a municipality of its own; nothing else touches it).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
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

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '200000' },
    chunk: { type: 'string', default: '500' },
  },
});
const households = Number(values.households);
const chunkSize = Number(values.chunk);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_letters';
const PORTAL = 'https://hinan.example.jp';

/** Peak RSS while `work` runs, sampled every 50 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { result, seconds, peakRss };
}

async function buildRegion(db: Database): Promise<{ code: string; hq: SessionUser }> {
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
  const id = await insertUser(db, {
    username: `bench-hq-${randomUUID().slice(0, 8)}`,
    passwordHash: null,
    displayName: 'Bench HQ',
    role: 'hq_operator',
    residentId: null,
  });
  return { code, hq: { id, role: 'hq_operator', residentId: null } as SessionUser };
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

async function main(): Promise<void> {
  const db = openPostgres({ connectionString: databaseUrl, maxConnections: 4 });
  await migrate(db);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hinan-letters-bench-'));
  const region = await measured(() => buildRegion(db));
  console.log(`region: ${households} households built in ${region.seconds.toFixed(1)} s`);

  const barePath = path.join(dir, 'bare.pdf');
  const bare = await measured(() => bareLoop(barePath));
  const bareBytes = (await stat(barePath)).size;
  await rm(barePath);

  // The batch's job is queued on an engine of the bench's own; the bench runs the batch itself.
  const jobs = new JobEngine(db, pino({ level: 'silent' }), {
    schema: `bench_jobs_${process.pid}`,
    schedules: false,
  });
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
  const created = await measured(() =>
    service.create(region.result.hq, {
      per: 'household',
      targeting: { municipalityCodes: [region.result.code] },
      replaceOpenCodes: false,
      includeEnrolled: false,
      force: true,
    }),
  );
  const job = await measured(() => worker.runBatch(created.result.id));
  const files = letterFiles(dir, created.result.id);
  const jobBytes = (await stat(files.pdf)).size;
  const csvBytes = (await stat(files.csv)).size;
  await rm(dir, { recursive: true, force: true });
  await jobs.stop();
  await db.exec(`DROP SCHEMA bench_jobs_${process.pid} CASCADE`);
  await db.close();

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const rows = [
    ['bare pdfkit loop', households / bare.seconds, bare.seconds, bare.peakRss, bareBytes],
    ['letter job', households / job.seconds, job.seconds, job.peakRss, jobBytes],
  ] as const;
  console.log(
    `\nEnrolment letters, ${households} households (2 adults each), chunk ${chunkSize}, ${os.cpus().length} cores`,
  );
  console.log(
    `batch created (letters fixed) in ${created.seconds.toFixed(1)} s; job processed ${job.result.letters} letters`,
  );
  console.log('| run | letters/s | seconds | peak RSS | PDF bytes |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, rate, seconds, rss, bytes] of rows) {
    console.log(
      `| ${name} | ${rate.toFixed(0)} | ${seconds.toFixed(1)} | ${mb(rss)} | ${bytes} (${mb(bytes)}) |`,
    );
  }
  console.log(
    `CSV bytes: ${csvBytes}; job/bare throughput: ${((bare.seconds / job.seconds) * 100).toFixed(0)} %`,
  );
}

await main();
