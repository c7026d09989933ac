import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Latencies } from './latency.js';

export interface BaselineResult {
  concurrency: number;
  durationSeconds: number;
  inserts: number;
  insertsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
}

/**
 * The floor under any durable tap: single-row INSERTs into the same PostgreSQL, each its own
 * transaction (autocommit, so one WAL flush each), from `concurrency` connections as fast as they
 * go, for a fixed time. The row looks like a tap record. The table is the bench's own.
 */
export async function runInsertBaseline(
  url: string,
  concurrency: number,
  seconds: number,
): Promise<BaselineResult> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline_inserts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    card_token text NOT NULL,
    tapped_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now())`);
  await pool.query('TRUNCATE bench_baseline_inserts');
  const latencies = new Latencies();
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      await pool.query(
        'INSERT INTO bench_baseline_inserts (event_id, card_token, tapped_at) VALUES ($1, $2, $3)',
        [randomUUID(), randomBytes(32).toString('hex'), new Date()],
      );
      latencies.add(performance.now() - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.end();
  }
  return {
    concurrency,
    durationSeconds: seconds,
    inserts: latencies.count,
    insertsPerSecond: Math.round(latencies.count / seconds),
    latencyMs: latencies.summary(),
  };
}
