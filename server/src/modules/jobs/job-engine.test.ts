import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.js';
import type { Database } from '../../db/database.js';
import { cronFor, JobEngine } from './job-engine.js';

const schema = `jobs_test_${randomBytes(4).toString('hex')}`;

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('job engine on our database seam', () => {
  let db: Database;
  let engine: JobEngine;
  const worked: number[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    engine = new JobEngine(db, pino({ level: 'silent' }), { schema });
    engine.work<{ n: number }>('engine-test', { pollingIntervalSeconds: 0.5, batchSize: 50 }, (jobs) => {
      for (const job of jobs) worked.push(job.data.n);
      return Promise.resolve();
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine.stop();
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });

  it('a job sent inside a transaction exists only if the transaction commits', async () => {
    await db
      .transaction(async (tx) => {
        await engine.boss.send('engine-test', { n: 1 }, engine.within(tx));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.transaction(async (tx) => {
      await engine.boss.send('engine-test', { n: 2 }, engine.within(tx));
    });
    await until(() => worked.includes(2));
    // One more poll's worth: the rolled-back job would have been taken by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(worked).not.toContain(1);
  });

  it('many jobs inserted at once are each worked once', async () => {
    const count = 300;
    await engine.boss.insert(
      Array.from({ length: count }, (_, i) => ({ name: 'engine-test', data: { n: 1000 + i } })),
    );
    await until(() => worked.filter((n) => n >= 1000).length >= count);
    const taken = worked.filter((n) => n >= 1000);
    expect(new Set(taken).size).toBe(count);
    expect(taken).toHaveLength(count);
  });
});

describe('periods as cron', () => {
  it('says in cron what cron can say, and leaves the rest to throttled sends', () => {
    expect(cronFor(30)).toBeNull();
    expect(cronFor(60)).toBe('* * * * *');
    expect(cronFor(15 * 60)).toBe('*/15 * * * *');
    expect(cronFor(45 * 60)).toBeNull();
    expect(cronFor(3600)).toBe('0 * * * *');
    expect(cronFor(6 * 3600)).toBe('0 */6 * * *');
    expect(cronFor(5 * 3600)).toBeNull();
    expect(cronFor(24 * 3600)).toBe('0 0 * * *');
  });
});
