import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable, QueryResult } from '../../server/src/db/database.js';
import { openPostgres } from '../../server/src/db/postgres.js';
import { CheckinService } from '../../server/src/modules/checkins/checkins.service.js';
import type { BenchReader } from './bench-db.js';
import { Latencies } from './latency.js';

export interface ServiceRun {
  variant: string;
  poolSize: number;
  tapsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
}

/**
 * Like the server's PostgreSQL seam, but every parameterised statement is a named (prepared)
 * statement: PostgreSQL parses and plans it once per connection instead of on every call.
 * Only for this experiment; the server's seam is untouched.
 */
function openPreparedPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  const named = (text: string) => `s_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query({ name: named(text), text, values: params as unknown[] });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    exec: async (script) => {
      await client.query(script);
    },
  });
  const pooled = wrap(pool);
  return {
    kind: 'postgres',
    query: (text, params) => pooled.query(text, params),
    exec: (script) => pooled.exec(script),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * CheckinService.applyTap in this process, without HTTP or Socket.IO, closed loop: `workers`
 * taps in flight (each worker taps its own cards, so no two taps wait on one person), for a fixed
 * time. Shows what the database work of a tap costs, and what prepared statements or another pool
 * size would change.
 */
export async function serviceThroughput(options: {
  url: string;
  secret: string;
  readers: BenchReader[];
  readerIds: Map<string, string>;
  variant: 'as_server' | 'prepared';
  poolSize: number;
  workers: number;
  seconds: number;
}): Promise<ServiceRun> {
  const db =
    options.variant === 'prepared'
      ? openPreparedPostgres(options.url, options.poolSize)
      : openPostgres({ connectionString: options.url, maxConnections: options.poolSize });
  const service = new CheckinService(db, options.secret);
  const latencies = new Latencies();
  const end = performance.now() + options.seconds * 1000;
  const worker = async (w: number) => {
    const reader = options.readers[w % options.readers.length]!;
    const identity = {
      id: options.readerIds.get(reader.shelterId)!,
      shelterId: reader.shelterId,
      mode: 'toggle' as const,
    };
    // Workers sharing a reader take disjoint slices of its cards.
    const share = Math.ceil(options.workers / options.readers.length);
    const slot = Math.floor(w / options.readers.length);
    const cards = reader.cardUids.filter((_, i) => i % share === slot);
    for (let i = 0; performance.now() < end; i++) {
      const started = performance.now();
      await service.applyTap(identity, {
        eventId: randomUUID(),
        cardUid: cards[i % cards.length]!,
        tappedAt: new Date().toISOString(),
        direction: 'toggle',
      });
      latencies.add(performance.now() - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  } finally {
    await db.close();
  }
  return {
    variant: options.variant,
    poolSize: options.poolSize,
    tapsPerSecond: Math.round(latencies.count / options.seconds),
    latencyMs: latencies.summary(),
  };
}
