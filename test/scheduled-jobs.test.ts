import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobEngine } from '../server/src/modules/jobs/job-engine.js';
import { declareScheduledJobs } from '../server/src/modules/jobs/scheduled-jobs.js';
import { buildAlertRow } from './support/cap-alerts.js';
import { buildMunicipality, buildResident } from './support/factories.js';
import { jobFinished, runJob } from './support/jobs.js';
import { startTestServer, TEST_JOBS_SCHEMA, type TestServer } from './support/test-server.js';

const PERIODIC = [
  'warning-expiry',
  'inbox-pending',
  'live-location-expiry',
  'retention-purge',
  'notice-purge',
  'attachment-sweep',
  'session-purge',
  'enrolment-letters-watch',
];

const expiredAtOf = async (t: TestServer, alertId: string) =>
  (await t.db.query<{ expired_at: Date | null }>('SELECT expired_at FROM alerts WHERE id = $1', [alertId]))
    .rows[0]!.expired_at;

describe('periodic jobs on the server’s job engine', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('declares every periodic job as a queue the server works', async () => {
    for (const name of PERIODIC)
      expect(await t.server.jobs.boss.getQueue(name), name).toMatchObject({ name });
    // The run history of the old runner went with it: the engine keeps runs.
    const { rows } = await t.db.query(
      `SELECT 1 FROM pg_tables WHERE tablename IN ('job_runs', 'scheduled_jobs')`,
    );
    expect(rows).toEqual([]);
  });

  it('warning expiry marks a warning past its expiry once', async () => {
    const alert = await buildAlertRow(t.db);
    await t.db.query(`UPDATE alerts SET expires = now() - interval '1 second' WHERE id = $1`, [alert.id]);
    const first = await runJob<{ affected: number }>(t.server.jobs, 'warning-expiry');
    expect(first.affected).toBeGreaterThanOrEqual(1);
    const expiredAt = await expiredAtOf(t, alert.id);
    expect(expiredAt).not.toBeNull();
    await runJob(t.server.jobs, 'warning-expiry');
    expect(await expiredAtOf(t, alert.id)).toEqual(expiredAt);
  });

  it('live-location expiry deletes shared locations past their end only', async () => {
    const municipality = await buildMunicipality(t.db);
    const [gone, kept] = [
      await buildResident(t.db, { municipality }),
      await buildResident(t.db, { municipality }),
    ];
    for (const [person, minutes] of [
      [gone, -1],
      [kept, 60],
    ] as const) {
      await t.db.query(
        `INSERT INTO resident_locations (resident_id, location, updated_at, expires_at)
         VALUES ($1, ST_SetSRID(ST_MakePoint(137, 37), 4326), now(), now() + make_interval(mins => $2::int))`,
        [person.id, minutes],
      );
    }
    await runJob(t.server.jobs, 'live-location-expiry');
    const { rows } = await t.db.query<{ resident_id: string }>(
      'SELECT resident_id FROM resident_locations WHERE resident_id = ANY ($1::uuid[])',
      [[gone.id, kept.id]],
    );
    expect(rows.map((row) => row.resident_id)).toEqual([kept.id]);
  });

  it('a failing run is logged and kept by job name and error id only, and retried', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const node = new JobEngine(t.db, logger, { schema: TEST_JOBS_SCHEMA, schedules: false });
    const name = `test-fails-${randomBytes(3).toString('hex')}`;
    declareScheduledJobs(
      node,
      [
        {
          name,
          intervalSeconds: 3600,
          run: () =>
            // A database error's message quotes the row; only its code may leave the job.
            Promise.reject(
              Object.assign(new Error('Key (email)=(someone@example.jp) exists'), { code: '23505' }),
            ),
        },
      ],
      logger,
    );
    await node.start();
    try {
      const id = (await node.boss.send(name, {}))!;
      await expect(jobFinished(node, name, id)).rejects.toThrow('db_23505');
      const job = await node.boss.getJobById<object>(name, id);
      expect(job).toMatchObject({ state: 'retry', retryLimit: 2 });
      expect(JSON.stringify(job!.output)).not.toContain('example.jp');
      const failed = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((l) => l.job === name);
      expect(failed).toMatchObject({ job: name, error: 'db_23505', msg: 'jobs: run failed' });
      expect(lines.join('')).not.toContain('example.jp');
    } finally {
      await node.stop();
    }
  });
});

describe('two app instances on one database', () => {
  const schema = `jobs_test_${randomBytes(4).toString('hex')}`;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    // Both start the periodic jobs, as every node of an installation does.
    a = await startTestServer({ JOB_SCHEDULES: 'true', JOBS_SCHEMA: schema });
    b = await startTestServer({ JOB_SCHEDULES: 'true', JOBS_SCHEMA: schema }, { db: a.db });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('sets each cron schedule once, in UTC, and leaves sub-minute jobs to throttled sends', async () => {
    const schedules = await a.server.jobs.boss.getSchedules();
    const byName = Object.fromEntries(schedules.map((s) => [s.name, s.cron]));
    expect(byName).toMatchObject({
      'inbox-pending': '* * * * *',
      'live-location-expiry': '* * * * *',
      'enrolment-letters-watch': '* * * * *',
      'session-purge': '*/15 * * * *',
      'retention-purge': '0 * * * *',
      'notice-purge': '0 * * * *',
      'attachment-sweep': '0 */6 * * *',
    });
    expect(byName['warning-expiry']).toBeUndefined();
    // pg-boss keeps the zone in the schedule's row (not in its typings).
    expect(schedules.every((s) => (s as { timezone?: string }).timezone === 'UTC')).toBe(true);
  });

  it('runs each due period of the 30-second warning expiry once, whichever node takes it', async () => {
    const alert = await buildAlertRow(a.db);
    await a.db.query(`UPDATE alerts SET expires = now() + interval '1 second' WHERE id = $1`, [alert.id]);
    // Both nodes send every 10 s; the next 30-s slot's one job marks the warning.
    const deadline = Date.now() + 45_000;
    while ((await expiredAtOf(a, alert.id)) === null) {
      if (Date.now() > deadline) throw new Error('warning expiry did not run');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { rows } = await a.db.query<{ slot: Date; jobs: number; done: number; retried: number }>(
      `SELECT singleton_on AS slot, count(*)::int AS jobs,
              count(*) FILTER (WHERE state = 'completed')::int AS done,
              count(*) FILTER (WHERE retry_count > 0)::int AS retried
         FROM ${schema}.job WHERE name = 'warning-expiry' GROUP BY singleton_on ORDER BY 1`,
    );
    // The slots since both started (two or three): one job each, none run twice.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThanOrEqual(3);
    for (const row of rows) expect(row).toMatchObject({ jobs: 1, retried: 0 });
    expect(rows.slice(0, -1).every((row) => row.done === 1)).toBe(true);
  });
});
