import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { createLogger } from '../server/src/logger.js';
import { JobRunner } from '../server/src/modules/jobs/job-runner.js';
import type { ScheduledJob } from '../server/src/modules/jobs/jobs.types.js';
import { openTestDatabase } from './support/database.js';

describe('run-once jobs', () => {
  let db: Database;
  const logger = createLogger('silent');
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.query(`DELETE FROM scheduled_jobs WHERE name LIKE 'test-%-${suffix}'`);
    await db.close();
  });

  it('runs a due job once however many runners poll at the same time, then not before its interval', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: `test-once-${suffix}`,
      intervalSeconds: 3600,
      run: () => {
        runs += 1;
        return Promise.resolve(7);
      },
    };
    const runners = ['n1', 'n2', 'n3'].map(
      (node) => new JobRunner(db, [job], logger, { pollMs: 60_000, node }),
    );
    await Promise.all(runners.map((runner) => runner.start()));
    await Promise.all(runners.map((runner) => runner.poll()));
    await Promise.all(runners.map((runner) => runner.poll()));
    await Promise.all(runners.map((runner) => runner.close()));
    expect(runs).toBe(1);
    const { rows } = await db.query<{ outcome: string; affected: number; next_in_s: number }>(
      `SELECT r.outcome, r.affected, extract(epoch FROM j.next_run_at - now())::int AS next_in_s
         FROM job_runs r JOIN scheduled_jobs j ON j.name = r.job_name WHERE r.job_name = $1`,
      [job.name],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'ok', affected: 7 });
    expect(rows[0]!.next_in_s).toBeGreaterThan(3500);
  });

  it('records a failure by error id and runs the job again at its next slot', async () => {
    let attempts = 0;
    const job: ScheduledJob = {
      name: `test-fails-${suffix}`,
      intervalSeconds: 1,
      run: () => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(new TypeError('boom')) : Promise.resolve(0);
      },
    };
    const runner = new JobRunner(db, [job], logger, { pollMs: 60_000, node: 'n1' });
    await runner.start();
    await runner.poll();
    await new Promise((r) => setTimeout(r, 1100));
    await runner.poll();
    await runner.close();
    const { rows } = await db.query<{ outcome: string; error_id: string | null }>(
      'SELECT outcome, error_id FROM job_runs WHERE job_name = $1 ORDER BY id',
      [job.name],
    );
    expect(rows).toEqual([
      { outcome: 'failed', error_id: 'TypeError' },
      { outcome: 'ok', error_id: null },
    ]);
  });

  it('runs a long job beside the others, once per node at a time, and stops it at shutdown', async () => {
    let longRuns = 0;
    let shortRuns = 0;
    let stoppedCleanly = false;
    const long: ScheduledJob = {
      name: `test-long-${suffix}`,
      intervalSeconds: 1,
      long: true,
      run: async (stop) => {
        longRuns += 1;
        // Works until the node stops, as a large letter batch would for minutes.
        await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
        stoppedCleanly = true;
        return 0;
      },
    };
    const short: ScheduledJob = {
      name: `test-short-${suffix}`,
      intervalSeconds: 1,
      run: () => {
        shortRuns += 1;
        return Promise.resolve(0);
      },
    };
    const runner = new JobRunner(db, [long, short], logger, { pollMs: 60_000, node: 'n1' });
    await runner.start();
    await runner.poll();
    await new Promise((r) => setTimeout(r, 1100));
    await runner.poll();
    // The short job kept its slots while the long one was still at work, which ran only once.
    expect(shortRuns).toBe(2);
    expect(longRuns).toBe(1);
    await runner.close();
    expect(stoppedCleanly).toBe(true);
  });
});
