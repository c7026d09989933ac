import type { Database, Queryable } from '../../db/database.js';
import type { ScheduledJob } from './jobs.types.js';

/** Adds the jobs this node knows (every node registers the same set; the first insert wins). */
export async function registerJobs(db: Queryable, jobs: readonly ScheduledJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.query(
    `INSERT INTO scheduled_jobs (name, interval_seconds)
     SELECT name, seconds FROM unnest($1::text[], $2::int[]) AS j (name, seconds)
     ON CONFLICT (name) DO UPDATE SET interval_seconds = EXCLUDED.interval_seconds
       WHERE scheduled_jobs.interval_seconds <> EXCLUDED.interval_seconds`,
    [jobs.map((job) => job.name), jobs.map((job) => job.intervalSeconds)],
  );
}

export interface ClaimedRun {
  runId: string;
  jobName: string;
}

/**
 * Takes one due job for this node: moves its next_run_at one interval past now and records the
 * run, in one transaction. A row another node is claiming is skipped (SKIP LOCKED), and a row
 * whose next_run_at was just moved is no longer due, so each due slot is taken exactly once.
 */
export async function claimDueJob(
  db: Database,
  names: readonly string[],
  node: string,
): Promise<ClaimedRun | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ name: string; due_at: Date }>(
      `WITH due AS (
         SELECT name, next_run_at FROM scheduled_jobs
          WHERE name = ANY ($1::text[]) AND next_run_at <= now()
          ORDER BY next_run_at
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
       UPDATE scheduled_jobs j
          SET next_run_at = now() + make_interval(secs => j.interval_seconds), last_started_at = now()
         FROM due
        WHERE j.name = due.name
       RETURNING j.name, due.next_run_at AS due_at`,
      [names],
    );
    const claimed = rows[0];
    if (!claimed) return null;
    const run = await tx.query<{ id: string }>(
      'INSERT INTO job_runs (job_name, due_at, node) VALUES ($1, $2, $3) RETURNING id::text AS id',
      [claimed.name, claimed.due_at, node],
    );
    return { runId: run.rows[0]!.id, jobName: claimed.name };
  });
}

export async function finishRun(
  db: Queryable,
  run: ClaimedRun,
  result: { outcome: 'ok'; affected: number } | { outcome: 'failed'; errorId: string },
): Promise<void> {
  await db.query(
    `UPDATE job_runs SET finished_at = now(), outcome = $2, affected = $3, error_id = $4 WHERE id = $1::bigint`,
    [
      run.runId,
      result.outcome,
      result.outcome === 'ok' ? result.affected : null,
      result.outcome === 'failed' ? result.errorId : null,
    ],
  );
  await db.query('UPDATE scheduled_jobs SET last_finished_at = now() WHERE name = $1', [run.jobName]);
}

/** Run history older than `days` (the runs of the job-history job itself included). */
export async function deleteOldRuns(db: Queryable, days: number): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM job_runs WHERE started_at < now() - make_interval(days => $1::int)',
    [days],
  );
  return rowCount;
}
