import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEnrolmentCode, normaliseEnrolmentCode } from '../server/src/modules/enrolment/enrolment-code.js';
import {
  declareLetterJobs,
  LETTERS_QUEUE,
  LETTERS_WATCH_JOB,
} from '../server/src/modules/enrolment/letters/letters.job.js';
import {
  LetterWorker,
  type LetterWorkerHooks,
} from '../server/src/modules/enrolment/letters/letters.worker.js';
import { JobEngine } from '../server/src/modules/jobs/job-engine.js';
import { claim, goodPassword, issueCode, newAddress } from './support/enrolment.js';
import { buildMunicipality, buildResident, buildUser, type BuiltMunicipality } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { runJob } from './support/jobs.js';
import { signIn } from './support/sessions.js';
import { startTestServer, TEST_JOBS_SCHEMA, type TestServer } from './support/test-server.js';

interface Batch {
  id: string;
  status: string;
  existing: boolean;
  lettersTotal: number;
  lettersDone: number;
  codesIssued: number;
  peopleSkipped: number;
}

const ADULT = '1960-05-05';
const CHILD = '2020-01-01';

describe('enrolment letters: batches, PDF and vendor CSV, resumable', () => {
  let t: TestServer;
  let hq: HttpClient;
  let lettersDir: string;

  beforeAll(async () => {
    lettersDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-letters-'));
    // Chunks of two letters, as the nodes below: every batch here is worked in several chunks.
    t = await startTestServer({
      TRUST_PROXY: '1',
      ENROLMENT_LETTERS_DIR: lettersDir,
      ENROLMENT_LETTERS_CHUNK: '2',
    });
    hq = await signIn(t, { role: 'hq_operator' });
    // The watch job queues any batch waiting in the database: none left by an earlier run.
    await t.db.query(
      `UPDATE enrolment_letter_batches SET status = 'cancelled' WHERE status IN ('pending', 'running')`,
    );
  });
  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await t.close();
  });

  const nodes: JobEngine[] = [];

  /**
   * Another node of the installation: its own job engine on the server's database and engine
   * schema, working letter batches with a worker whose hooks can stop it mid-batch.
   */
  async function node(label: string, hooks: LetterWorkerHooks = {}): Promise<JobEngine> {
    const logger = pino({ level: 'silent' });
    const engine = new JobEngine(t.db, logger, { schema: TEST_JOBS_SCHEMA, schedules: false });
    const worker = new LetterWorker(
      t.db,
      undefined,
      logger,
      {
        lettersDir,
        portalBase: t.url,
        codeDays: 30,
        minAge: 16,
        chunkSize: 2,
        leaseSeconds: 120,
        node: label,
      },
      hooks,
    );
    declareLetterJobs(engine, worker, logger);
    await engine.start();
    nodes.push(engine);
    return engine;
  }

  /** The batch once its job has left it (done, failed or cancelled) or once `until` holds. */
  async function settled(
    batchId: string,
    until = (b: Batch) => b.status !== 'pending' && b.status !== 'running',
  ) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const batch = (await hq.get(`/api/enrolment/letters/${batchId}`)).body as Batch;
      if (until(batch)) return batch;
      if (Date.now() > deadline) throw new Error(`batch still ${batch.status} at ${batch.lettersDone}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Households of two adults (born on different days) and a child. */
  async function households(municipality: BuiltMunicipality, count: number) {
    const built = [];
    for (let i = 0; i < count; i += 1) {
      const head = await buildResident(t.db, { municipality, birthDate: ADULT });
      const spouse = await buildResident(t.db, {
        municipality,
        householdId: head.householdId,
        birthDate: `1970-0${(i % 9) + 1}-1${i % 10}`,
      });
      await buildResident(t.db, { municipality, householdId: head.householdId, birthDate: CHILD });
      built.push({ householdId: head.householdId, adults: [head.id, spouse.id] });
    }
    return built;
  }

  async function create(body: Record<string, unknown>): Promise<Batch> {
    const { status, body: batch } = await hq.post('/api/enrolment/letters', body);
    expect(status, JSON.stringify(batch)).toBe(201);
    return batch as Batch;
  }

  async function download(batchId: string, file: 'pdf' | 'csv'): Promise<Buffer> {
    const response = await fetch(`${t.url}/api/enrolment/letters/${batchId}/files/${file}`, {
      headers: { cookie: hq.cookieHeader! },
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  /** The vendor CSV's rows as objects (the writer quotes every field). */
  function csvRows(csv: Buffer): Record<string, string>[] {
    const text = csv.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    const parse = (line: string) =>
      line
        .slice(1, -1)
        .split('","')
        .map((v) => v.replaceAll('""', '"'));
    const header = parse(lines[0]!);
    return lines.slice(1).map((line) => Object.fromEntries(parse(line).map((v, i) => [header[i]!, v])));
  }

  async function birthDateOf(residentId: string): Promise<string> {
    const { rows } = await t.db.query<{ d: string }>(
      'SELECT birth_date::text AS d FROM residents WHERE id = $1',
      [residentId],
    );
    return rows[0]!.d;
  }

  it('prints one letter per household with each adult’s code; every code claims once with the birth date', async () => {
    const municipality = await buildMunicipality(t.db);
    const homes = await households(municipality, 5);
    // One adult already has an account and another holds a code handed over at a counter: both
    // are skipped by default, and the counter code keeps working.
    const enrolled = homes[0]!.adults[1]!;
    await buildUser(t.db, { role: 'resident', residentId: enrolled });
    const counter = await issueCode(hq, homes[1]!.adults[1]!);

    const batch = await create({ per: 'household', targeting: { municipalityCodes: [municipality.code] } });
    expect(batch).toMatchObject({ existing: false, lettersTotal: 5 });
    // Its job was queued with it: the server's own engine works the batch.
    const done = await settled(batch.id);
    expect(done).toMatchObject({ status: 'done', lettersDone: 5, codesIssued: 8 });

    const pdf = await download(batch.id, 'pdf');
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBe(5);
    const { text } = await extractText(document, { mergePages: true });
    expect(text).toContain('住民ポータル 登録のご案内');
    expect(text).toContain('テスト県テスト市1-1');

    const rows = csvRows(await download(batch.id, 'csv'));
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.reference))).toEqual(new Set(homes.map((h) => h.householdId)));
    const codes = rows.flatMap((row) => row.codes!.split(' / '));
    expect(codes).toHaveLength(8);
    const printed = text.replace(/[\s-]/g, '');
    for (const code of codes) expect(printed).toContain(code.replaceAll('-', ''));

    // Every code belongs to one adult and works once, with that adult's birth date only.
    const byHash = await t.db.query<{ code_hash: string; resident_id: string }>(
      'SELECT code_hash, resident_id FROM enrolment_codes WHERE letter_batch_id = $1',
      [batch.id],
    );
    const owner = new Map(byHash.rows.map((row) => [row.code_hash, row.resident_id]));
    for (const code of codes) {
      const residentId = owner.get(hashEnrolmentCode(normaliseEnrolmentCode(code)!))!;
      expect(residentId).not.toBe(enrolled);
      const birthDate = await birthDateOf(residentId);
      const body = { code, birthDate, password: goodPassword() };
      expect((await claim(t.client(), newAddress(), body)).status).toBe(201);
      expect((await claim(t.client(), newAddress(), body)).status).toBe(400);
    }
    const stillOpen = await t.db.query('SELECT 1 FROM enrolment_codes WHERE id = $1 AND revoked_at IS NULL', [
      counter.codeId,
    ]);
    expect(stillOpen.rows).toHaveLength(1);

    // One record per download, naming the batch; the codes' issue is in each person's access log.
    const downloads = await t.db.query<{ file: string }>(
      'SELECT file FROM enrolment_letter_downloads WHERE batch_id = $1 ORDER BY id',
      [batch.id],
    );
    expect(downloads.rows.map((row) => row.file)).toEqual(['pdf', 'csv']);
    const logged = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM access_log WHERE action = 'enrolment_code_issued' AND via = $1`,
      [`enrolment letters ${batch.id}`],
    );
    expect(logged.rows[0]!.n).toBe(8);
  });

  it('returns the existing batch for an identical request, and a new one only when forced', async () => {
    const municipality = await buildMunicipality(t.db);
    await households(municipality, 2);
    const targeting = { municipalityCodes: [municipality.code] };
    const first = await create({ per: 'person', targeting });
    const again = await create({ targeting, per: 'person' });
    expect(again).toMatchObject({ id: first.id, existing: true });
    await settled(first.id);
    const afterDone = await create({ per: 'person', targeting });
    expect(afterDone).toMatchObject({ id: first.id, existing: true, status: 'done' });
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM enrolment_codes WHERE letter_batch_id = $1',
      [first.id],
    );
    expect(rows[0]!.n).toBe(4);
    // Forced: everyone already holds a valid code from the first batch, so nobody needs a letter.
    const forced = await hq.post('/api/enrolment/letters', { per: 'person', targeting, force: true });
    expect(forced.status).toBe(400);
    expect(forced.body).toMatchObject({ error: { id: 'letters_empty' } });
  });

  it('continues after a crash between chunks: every household once, nobody with two open codes', async () => {
    // From here on the batches go to the nodes below, whose hooks stop them mid-batch.
    await t.server.jobs.boss.offWork(LETTERS_QUEUE);
    const municipality = await buildMunicipality(t.db);
    const homes = await households(municipality, 5);
    const batch = await create({ per: 'household', targeting: { municipalityCodes: [municipality.code] } });

    const crashing = await node('node-c', {
      afterChunk: (_id, lettersDone) => {
        if (lettersDone >= 4) throw new Error('node stopped');
      },
    });
    const midway = await settled(batch.id, (b) => b.lettersDone === 4);
    // The node dies: no graceful stop hands the batch back.
    await crashing.stop();
    expect(midway).toMatchObject({ status: 'running', lettersDone: 4, codesIssued: 8 });

    // Another node takes over once the stopped node's lease has run out: the watch job queues it.
    const next = await node('node-d');
    expect(await runJob(next, LETTERS_WATCH_JOB)).toEqual({ affected: 0 });
    await t.db.query(
      `UPDATE enrolment_letter_batches SET lease_until = now() - interval '1 second' WHERE id = $1`,
      [batch.id],
    );
    expect(await runJob(next, LETTERS_WATCH_JOB)).toEqual({ affected: 1 });
    expect(await settled(batch.id)).toMatchObject({ status: 'done', lettersDone: 5 });

    const rows = csvRows(await download(batch.id, 'csv'));
    expect(rows.map((row) => row.reference).sort()).toEqual(homes.map((h) => h.householdId).sort());
    const document = await getDocumentProxy(new Uint8Array(await download(batch.id, 'pdf')));
    expect(document.numPages).toBe(5);

    const adults = homes.flatMap((h) => h.adults);
    const codes = await t.db.query<{ resident_id: string; code_hash: string; open: boolean }>(
      `SELECT resident_id, code_hash, (used_at IS NULL AND revoked_at IS NULL) AS open
         FROM enrolment_codes WHERE resident_id = ANY ($1::uuid[])`,
      [adults],
    );
    // Exactly one code per adult was ever made, and it is the one printed.
    expect(codes.rows).toHaveLength(adults.length);
    expect(codes.rows.every((row) => row.open)).toBe(true);
    const printed = rows
      .flatMap((row) => row.codes!.split(' / '))
      .map((c) => hashEnrolmentCode(normaliseEnrolmentCode(c)!));
    expect(new Set(printed)).toEqual(new Set(codes.rows.map((row) => row.code_hash)));
  });

  it('hands a batch back between chunks when its node stops; the next node finishes it at once', async () => {
    const municipality = await buildMunicipality(t.db);
    const homes = await households(municipality, 5);
    const batch = await create({ per: 'household', targeting: { municipalityCodes: [municipality.code] } });

    let stopped: Promise<void> | undefined;
    const stopping = await node('node-e', {
      afterChunk: (_id, lettersDone) => {
        // The node is told to stop (as by SIGTERM) while it works on the batch.
        if (lettersDone >= 2) stopped ??= stopping.stop();
      },
    });
    await settled(batch.id, () => stopped !== undefined);
    await stopped;
    // What the stopped node wrote stays. Another node (the server's own, or one started by an
    // earlier test) may already have taken the handed-back batch on.
    const midway = (await hq.get(`/api/enrolment/letters/${batch.id}`)).body as Batch;
    expect(midway.lettersDone).toBeGreaterThanOrEqual(2);

    // No waiting for the lease (120 s, longer than `settled` waits): the stopped node handed the
    // batch back and queued it again.
    await node('node-f');
    expect(await settled(batch.id)).toMatchObject({ status: 'done', lettersDone: 5 });
    const rows = csvRows(await download(batch.id, 'csv'));
    expect(rows.map((row) => row.reference).sort()).toEqual(homes.map((h) => h.householdId).sort());
    const document = await getDocumentProxy(new Uint8Array(await download(batch.id, 'pdf')));
    expect(document.numPages).toBe(5);
  });

  it('cancels a waiting batch (its codes revoked) and refuses to cancel a finished one', async () => {
    const municipality = await buildMunicipality(t.db);
    await households(municipality, 1);
    const batch = await create({ per: 'person', targeting: { municipalityCodes: [municipality.code] } });
    const cancelled = await hq.post(`/api/enrolment/letters/${batch.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    const again = await hq.post(`/api/enrolment/letters/${batch.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { id: 'letters_not_cancellable' } });
    const notReady = await hq.get(`/api/enrolment/letters/${batch.id}/files/pdf`);
    expect(notReady.status).toBe(409);
    expect(notReady.body).toMatchObject({ error: { id: 'letters_not_ready' } });
  });

  it('refuses every role but HQ and administrators', async () => {
    const municipality = await buildMunicipality(t.db);
    const resident = await buildResident(t.db, { municipality });
    const body = { per: 'household', targeting: { municipalityCodes: [municipality.code] } };
    const admin = await signIn(t, { role: 'admin' });
    expect((await admin.get('/api/enrolment/letters')).status).toBe(200);
    for (const client of [
      await signIn(t, { role: 'shelter_staff' }),
      await signIn(t, { role: 'resident', residentId: resident.id }),
    ]) {
      expect((await client.post('/api/enrolment/letters', body)).status).toBe(403);
      expect((await client.get('/api/enrolment/letters')).status).toBe(403);
    }
    expect((await t.client().get('/api/enrolment/letters')).status).toBe(401);
  });
});
