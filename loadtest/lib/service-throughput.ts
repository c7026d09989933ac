import { randomUUID } from 'node:crypto';
import { openPostgres } from '../../server/src/db/postgres.js';
import { CheckinService } from '../../server/src/modules/checkins/checkins.service.js';
import type { BenchReader } from './bench-db.js';
import { Latencies } from './latency.js';

export interface ServiceRun {
  poolSize: number;
  tapsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
}

/**
 * CheckinService.applyTap in this process, without HTTP or Socket.IO, closed loop: `workers`
 * taps in flight (each worker taps its own cards, so no two taps wait on one person), for a fixed
 * time. Shows what the database work of a tap costs, and what another pool size would change.
 * The server's seam already runs every parameterised statement as a named prepared statement.
 */
export async function serviceThroughput(options: {
  url: string;
  secret: string;
  readers: BenchReader[];
  readerIds: Map<string, string>;
  poolSize: number;
  workers: number;
  seconds: number;
}): Promise<ServiceRun> {
  const db = openPostgres({ connectionString: options.url, maxConnections: options.poolSize });
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
    poolSize: options.poolSize,
    tapsPerSecond: Math.round(latencies.count / options.seconds),
    latencyMs: latencies.summary(),
  };
}
