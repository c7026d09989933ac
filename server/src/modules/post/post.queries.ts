import type { Queryable } from '../../db/database.js';
import type { PostSource, ReachRow } from './post-selection.queries.js';

export interface PostBatchRow {
  id: string;
  alert_id: string | null;
  notice_id: string | null;
  unread_after_minutes: number | null;
  additional: boolean;
  created_by: string | null;
  created_at: Date;
  status: 'pending' | 'running' | 'done' | 'cancelled' | 'failed';
  letters_total: number;
  letters_done: number;
  people_total: number;
  people_no_account: number;
  people_account_without_push: number;
  people_unread_with_channel: number;
  people_without_address: number;
  node: string | null;
  attempts: number;
  finished_at: Date | null;
  pdf_bytes: string | null;
  csv_bytes: string | null;
  error_id: string | null;
}

const COLUMNS = `id, alert_id, notice_id, unread_after_minutes, additional, created_by, created_at, status,
  letters_total, letters_done, people_total, people_no_account, people_account_without_push,
  people_unread_with_channel, people_without_address, node, attempts, finished_at,
  pdf_bytes::text AS pdf_bytes, csv_bytes::text AS csv_bytes, error_id`;

const LIVE = `status IN ('pending', 'running', 'done')`;

export const sourceOf = (row: PostBatchRow): PostSource =>
  row.alert_id ? { kind: 'alert', id: row.alert_id } : { kind: 'notice', id: row.notice_id! };

/** The first live (waiting, running or done) batch of a warning or notice, if any. */
export async function findLiveBatch(db: Queryable, source: PostSource): Promise<PostBatchRow | undefined> {
  const column = source.kind === 'alert' ? 'alert_id' : 'notice_id';
  const { rows } = await db.query<PostBatchRow>(
    `SELECT ${COLUMNS} FROM post_batches WHERE ${column} = $1 AND ${LIVE} AND NOT additional`,
    [source.id],
  );
  return rows[0];
}

export async function insertBatch(
  db: Queryable,
  batch: {
    source: PostSource;
    unreadAfterMinutes: number | null;
    additional: boolean;
    createdBy: string;
    reach: ReachRow;
  },
): Promise<string> {
  const { reach } = batch;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO post_batches (alert_id, notice_id, unread_after_minutes, additional, created_by,
                               people_total, people_no_account, people_account_without_push,
                               people_unread_with_channel, people_without_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      batch.source.kind === 'alert' ? batch.source.id : null,
      batch.source.kind === 'notice' ? batch.source.id : null,
      batch.unreadAfterMinutes,
      batch.additional,
      batch.createdBy,
      reach.people,
      reach.no_account,
      reach.account_without_push,
      batch.unreadAfterMinutes === null ? 0 : reach.unread_with_channel,
      reach.without_address,
    ],
  );
  return rows[0]!.id;
}

export async function setLettersTotal(db: Queryable, batchId: string, total: number): Promise<void> {
  await db.query('UPDATE post_batches SET letters_total = $2 WHERE id = $1', [batchId, total]);
}

export async function getBatch(
  db: Queryable,
  batchId: string,
  lock = false,
): Promise<PostBatchRow | undefined> {
  const { rows } = await db.query<PostBatchRow>(
    `SELECT ${COLUMNS} FROM post_batches WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [batchId],
  );
  return rows[0];
}

export async function listBatches(db: Queryable, source: PostSource, limit: number): Promise<PostBatchRow[]> {
  const column = source.kind === 'alert' ? 'alert_id' : 'notice_id';
  const { rows } = await db.query<PostBatchRow>(
    `SELECT ${COLUMNS} FROM post_batches WHERE ${column} = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [source.id, limit],
  );
  return rows;
}

/**
 * Takes the batch to work on: when it waits, when its node's lease ran out (that node stopped),
 * or when this node held it before (a retry of its own job). Counts the claim.
 */
export async function claimBatch(
  db: Queryable,
  batchId: string,
  node: string,
  leaseSeconds: number,
): Promise<PostBatchRow | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE post_batches
        SET status = 'running', node = $2, lease_until = now() + make_interval(secs => $3::int),
            started_at = COALESCE(started_at, now()), attempts = attempts + 1
      WHERE id = $1
        AND (status = 'pending' OR (status = 'running' AND (lease_until < now() OR node = $2)))
      RETURNING id`,
    [batchId, node, leaseSeconds],
  );
  return rows[0] && getBatch(db, batchId);
}

/** A live batch nobody holds (waiting, or its node's lease ran out). */
export async function isUnattended(db: Queryable, batchId: string): Promise<boolean | null> {
  const { rows } = await db.query<{ live: boolean; unattended: boolean }>(
    `SELECT status IN ('pending', 'running') AS live,
            (status = 'pending' OR lease_until IS NULL OR lease_until < now()) AS unattended
       FROM post_batches WHERE id = $1`,
    [batchId],
  );
  const row = rows[0];
  if (!row?.live) return null;
  return row.unattended;
}

export async function commitProgress(
  db: Queryable,
  batchId: string,
  lettersDone: number,
  leaseSeconds: number,
): Promise<void> {
  await db.query(
    `UPDATE post_batches SET letters_done = $2, lease_until = now() + make_interval(secs => $3::int)
      WHERE id = $1`,
    [batchId, lettersDone, leaseSeconds],
  );
}

export async function finishBatch(
  db: Queryable,
  batchId: string,
  outcome:
    | { status: 'done'; pdfBytes: number; csvBytes: number }
    | { status: 'cancelled' }
    | { status: 'failed'; errorId: string },
): Promise<void> {
  await db.query(
    `UPDATE post_batches
        SET status = $2, finished_at = now(), node = NULL, lease_until = NULL,
            pdf_bytes = $3, csv_bytes = $4, error_id = $5
      WHERE id = $1`,
    [
      batchId,
      outcome.status,
      outcome.status === 'done' ? outcome.pdfBytes : null,
      outcome.status === 'done' ? outcome.csvBytes : null,
      outcome.status === 'failed' ? outcome.errorId : null,
    ],
  );
}

/** A node stopping hands its batch back: the next node takes it over at once. */
export async function releaseBatch(db: Queryable, batchId: string, node: string): Promise<void> {
  await db.query(
    `UPDATE post_batches SET lease_until = now() WHERE id = $1 AND node = $2 AND status = 'running'`,
    [batchId, node],
  );
}
