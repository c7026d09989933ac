import type { Queryable } from '../../../db/database.js';
import type { Targeting } from '@contract/notices/notices.schema.js';
import { buildTargetQuery, todayInJapan, yearsBefore } from '../../notices/notices.targeting.js';

export interface BatchRow {
  id: string;
  created_by: string | null;
  created_at: Date;
  per: 'household' | 'person';
  targeting: Targeting;
  replace_open_codes: boolean;
  include_enrolled: boolean;
  status: 'pending' | 'running' | 'done' | 'cancelled' | 'failed';
  letters_total: number;
  letters_done: number;
  codes_issued: number;
  people_skipped: number;
  journal_bytes: string;
  finished_at: Date | null;
  error_id: string | null;
  node: string | null;
}

const BATCH_COLUMNS = `id, created_by, created_at, per, targeting, replace_open_codes, include_enrolled, status,
  letters_total, letters_done, codes_issued, people_skipped, journal_bytes::text AS journal_bytes, finished_at, error_id, node`;

/** A batch that is still live (pending, running or done) for the same request. */
export async function findLiveBatch(db: Queryable, requestKey: string): Promise<BatchRow | undefined> {
  const { rows } = await db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM enrolment_letter_batches
      WHERE request_key = $1 AND status IN ('pending', 'running', 'done')`,
    [requestKey],
  );
  return rows[0];
}

export async function insertBatch(
  db: Queryable,
  batch: {
    createdBy: string;
    per: 'household' | 'person';
    targeting: Targeting;
    replaceOpenCodes: boolean;
    includeEnrolled: boolean;
    requestKey: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO enrolment_letter_batches (created_by, per, targeting, replace_open_codes, include_enrolled, request_key)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING id`,
    [
      batch.createdBy,
      batch.per,
      JSON.stringify(batch.targeting),
      batch.replaceOpenCodes,
      batch.includeEnrolled,
      batch.requestKey,
    ],
  );
  return rows[0]!.id;
}

/**
 * Fixes the batch's letters in one set-based statement: the targeted people old enough for an
 * account, without an account (unless the batch includes them) and without an open code still
 * valid (unless the batch replaces them), one letter per household or per person, in the order a
 * mail vendor sorts by (municipality, address). Returns how many letters there are.
 */
export async function insertLetters(
  db: Queryable,
  batch: {
    id: string;
    per: 'household' | 'person';
    targeting: Targeting;
    minAge: number;
    replaceOpenCodes: boolean;
    includeEnrolled: boolean;
  },
): Promise<number> {
  const today = todayInJapan();
  const target = buildTargetQuery(batch.targeting, { consentOnly: false, firstParam: 5, today });
  const withClause = target.with ? `${target.with},` : 'WITH';
  const letterKey = batch.per === 'household' ? 'COALESCE(r.household_id, r.id)' : 'r.id';
  const { rowCount } = await db.query(
    `${withClause} targeted AS (${target.select}),
     adults AS (
       SELECT r.id, ${letterKey} AS reference,
              COALESCE(h.municipality_code, r.home_municipality_code) AS municipality_code,
              COALESCE(h.address, r.home_address, '') AS address,
              (r.relationship = 'head') AS is_head, r.birth_date
         FROM targeted t JOIN residents r ON r.id = t.id
         LEFT JOIN households h ON h.id = r.household_id
        WHERE r.birth_date <= $2::date
          AND ($3 OR NOT EXISTS (SELECT 1 FROM users u WHERE u.resident_id = r.id))
          AND ($4 OR NOT EXISTS (
                SELECT 1 FROM enrolment_codes c
                 WHERE c.resident_id = r.id AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()))),
     letters AS (
       SELECT reference, min(municipality_code) AS municipality_code, min(address) AS address,
              array_agg(id ORDER BY is_head DESC, birth_date, id) AS recipients
         FROM adults GROUP BY reference)
     INSERT INTO enrolment_letters (batch_id, seq, reference, recipients)
     SELECT $1, row_number() OVER (ORDER BY municipality_code, address, reference), reference, recipients
       FROM letters`,
    [
      batch.id,
      yearsBefore(today, batch.minAge),
      batch.includeEnrolled,
      batch.replaceOpenCodes,
      ...target.params,
    ],
  );
  await db.query('UPDATE enrolment_letter_batches SET letters_total = $2 WHERE id = $1', [
    batch.id,
    rowCount,
  ]);
  return rowCount;
}

export async function getBatch(db: Queryable, batchId: string, lock = false): Promise<BatchRow | undefined> {
  const { rows } = await db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM enrolment_letter_batches WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [batchId],
  );
  return rows[0];
}

export async function listBatches(db: Queryable, limit: number): Promise<BatchRow[]> {
  const { rows } = await db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM enrolment_letter_batches ORDER BY created_at DESC, id LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Takes a batch to work on: pending, or one whose node's lease ran out (that node stopped), or one
 * this node was working on before it restarted under the same label. Another node claiming at the
 * same moment skips the row (SKIP LOCKED) and a live lease keeps it out, so one node works on a
 * batch.
 */
export async function claimBatch(
  db: Queryable,
  batchId: string,
  node: string,
  leaseSeconds: number,
): Promise<BatchRow | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `WITH next AS (
       SELECT id FROM enrolment_letter_batches
        WHERE id = $3
          AND (status = 'pending' OR (status = 'running' AND (lease_until < now() OR node = $1)))
        FOR UPDATE SKIP LOCKED)
     UPDATE enrolment_letter_batches b
        SET status = 'running', node = $1, lease_until = now() + make_interval(secs => $2::int),
            started_at = COALESCE(b.started_at, now())
       FROM next WHERE b.id = next.id
     RETURNING b.id`,
    [node, leaseSeconds, batchId],
  );
  return rows[0] && getBatch(db, rows[0].id);
}

/**
 * Batches no node is working on: waiting, or left by a node whose lease ran out. Each needs a job
 * (its first was lost, or its node died holding it).
 */
export async function unattendedBatches(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM enrolment_letter_batches
      WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
      ORDER BY created_at`,
  );
  return rows.map((row) => row.id);
}

export interface RecipientRow {
  seq: number;
  reference: string;
  resident_id: string;
  display_name: string;
  old_enough: boolean;
  address: string;
  municipality_code: string | null;
  municipality_name: string | null;
  user_id: string | null;
  account_usable: boolean;
  open_code_id: string | null;
  open_code_live: boolean;
}

/** The letters `fromSeq`..`toSeq` with each recipient's account and open code, in print order. */
export async function chunkRecipients(
  db: Queryable,
  batchId: string,
  fromSeq: number,
  toSeq: number,
  minAge: number,
): Promise<RecipientRow[]> {
  const { rows } = await db.query<RecipientRow>(
    `SELECT l.seq, l.reference::text AS reference, p.id AS resident_id,
            p.family_name || ' ' || p.given_name AS display_name,
            p.birth_date <= $4::date AS old_enough,
            COALESCE(h.address, p.home_address, '') AS address,
            m.code AS municipality_code, m.name AS municipality_name,
            u.id AS user_id, (u.id IS NOT NULL AND u.role = 'resident' AND u.disabled_at IS NULL) AS account_usable,
            c.id AS open_code_id, COALESCE(c.expires_at > now(), false) AS open_code_live
       FROM enrolment_letters l
       CROSS JOIN LATERAL unnest(l.recipients) WITH ORDINALITY AS x (resident_id, n)
       JOIN residents p ON p.id = x.resident_id
       LEFT JOIN households h ON h.id = p.household_id
       LEFT JOIN municipalities m ON m.code = COALESCE(h.municipality_code, p.home_municipality_code)
       LEFT JOIN users u ON u.resident_id = p.id
       -- One index probe per person (enrolment_codes_open_key), whatever the statistics say: a
       -- batch adds its codes faster than they are analysed, and a plan made for the few open
       -- codes there were before it hashed every open code for every chunk (0.3 s a chunk at
       -- 140,000 codes, growing with the batch; 200,000 households stalled at 50 letters/s).
       LEFT JOIN LATERAL (
         SELECT c.id, c.expires_at FROM enrolment_codes c
          WHERE c.resident_id = p.id AND c.used_at IS NULL AND c.revoked_at IS NULL
          LIMIT 1
       ) c ON true
      WHERE l.batch_id = $1 AND l.seq BETWEEN $2 AND $3
      ORDER BY l.seq, x.n`,
    [batchId, fromSeq, toSeq, yearsBefore(todayInJapan(), minAge)],
  );
  return rows;
}

export async function revokeCodes(db: Queryable, codeIds: string[], revokedBy: string | null): Promise<void> {
  if (codeIds.length === 0) return;
  await db.query(
    `UPDATE enrolment_codes SET revoked_at = now(), revoked_by = $2
      WHERE id = ANY ($1::uuid[]) AND used_at IS NULL AND revoked_at IS NULL`,
    [codeIds, revokedBy],
  );
}

/** The chunk's new codes in one statement (hashes only). */
export async function insertLetterCodes(
  db: Queryable,
  codes: { residentId: string; codeHash: string; purpose: 'enrol' | 'recovery' }[],
  batch: { id: string; issuedBy: string | null; validDays: number },
): Promise<void> {
  if (codes.length === 0) return;
  await db.query(
    `INSERT INTO enrolment_codes (resident_id, code_hash, purpose, issued_by, expires_at, letter_batch_id)
     SELECT resident_id, code_hash, purpose, $4, now() + make_interval(days => $5::int), $6
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS c (resident_id, code_hash, purpose)`,
    [
      codes.map((c) => c.residentId),
      codes.map((c) => c.codeHash),
      codes.map((c) => c.purpose),
      batch.issuedBy,
      batch.validDays,
      batch.id,
    ],
  );
}

export async function commitChunkProgress(
  db: Queryable,
  batchId: string,
  progress: {
    lettersDone: number;
    codes: number;
    skipped: number;
    journalBytes: number;
    leaseSeconds: number;
  },
): Promise<void> {
  await db.query(
    `UPDATE enrolment_letter_batches
        SET letters_done = $2, codes_issued = codes_issued + $3, people_skipped = people_skipped + $4,
            journal_bytes = $5, lease_until = now() + make_interval(secs => $6::int)
      WHERE id = $1`,
    [
      batchId,
      progress.lettersDone,
      progress.codes,
      progress.skipped,
      progress.journalBytes,
      progress.leaseSeconds,
    ],
  );
}

export async function finishBatch(
  db: Queryable,
  batchId: string,
  status: 'done' | 'cancelled' | 'failed',
  errorId: string | null = null,
): Promise<void> {
  await db.query(
    `UPDATE enrolment_letter_batches SET status = $2, finished_at = now(), node = NULL, lease_until = NULL, error_id = $3
      WHERE id = $1`,
    [batchId, status, errorId],
  );
}

/** The open codes a batch printed: revoked when it is cancelled. */
export async function revokeBatchCodes(db: Queryable, batchId: string, revokedBy: string): Promise<string[]> {
  const { rows } = await db.query<{ resident_id: string }>(
    `UPDATE enrolment_codes SET revoked_at = now(), revoked_by = $2
      WHERE letter_batch_id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING resident_id`,
    [batchId, revokedBy],
  );
  return rows.map((row) => row.resident_id);
}

export async function recordDownload(
  db: Queryable,
  download: { batchId: string; userId: string; file: 'pdf' | 'csv' },
): Promise<void> {
  await db.query('INSERT INTO enrolment_letter_downloads (batch_id, user_id, file) VALUES ($1, $2, $3)', [
    download.batchId,
    download.userId,
    download.file,
  ]);
}

/**
 * A node shutting down hands its batch back: the lease ends now, so the next node to look takes
 * it over (from the journal, as after a crash) without waiting for the lease to run out.
 */
export async function releaseBatch(db: Queryable, batchId: string, node: string): Promise<void> {
  await db.query(
    `UPDATE enrolment_letter_batches SET lease_until = now()
      WHERE id = $1 AND node = $2 AND status = 'running'`,
    [batchId, node],
  );
}
