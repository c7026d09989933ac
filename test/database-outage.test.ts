import { mkdtemp } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config.js';
import { openPostgres } from '../server/src/db/postgres.js';
import { isDatabaseUnavailable, untilDatabaseAnswers } from '../server/src/db/unavailable.js';
import { createLogger } from '../server/src/logger.js';
import { listen, type RunningServer } from '../server/src/server.js';
import { HttpClient } from './support/http-client.js';

/**
 * A TCP relay between the server and PostgreSQL that the test can cut and restore: a real network
 * outage of the database, without stopping the database other tests use.
 */
class CuttableRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe.skipIf(!process.env.DATABASE_URL)('the database going away and coming back', () => {
  let relay: CuttableRelay;
  let server: RunningServer;
  let closeDb: () => Promise<void>;
  let client: HttpClient;

  beforeAll(async () => {
    const direct = new URL(process.env.DATABASE_URL!);
    relay = new CuttableRelay({ host: direct.hostname, port: Number(direct.port || 5432) });
    await relay.up();
    const viaRelay = new URL(direct);
    viaRelay.port = String(relay.port);
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'hinan-outage-')),
      DATABASE_URL: viaRelay.toString(),
    });
    const db = openPostgres({ connectionString: viaRelay.toString(), maxConnections: 4 });
    closeDb = () => db.close();
    server = await listen({ config, db, logger: createLogger('silent') });
    client = new HttpClient(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await closeDb?.();
    await relay?.cut();
  });

  it('answers 503 with a retry hint while the database is unreachable, and recovers by itself', async () => {
    expect((await client.get('/healthz')).status).toBe(200);
    expect((await client.get('/api/shelters')).status).toBe(200);

    await relay.cut();
    const health = await client.get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', database: 'postgres', reason: 'database_unavailable' });
    expect(health.headers.get('retry-after')).toBe('5');
    const shelters = await client.get('/api/shelters');
    expect(shelters.status).toBe(503);
    expect(shelters.body).toMatchObject({ error: { id: 'database_unavailable' } });
    expect(shelters.headers.get('retry-after')).toBe('5');

    await relay.up();
    // The pool drops its broken connections on first use; a few requests later all is well.
    let healthy = false;
    for (let attempt = 0; attempt < 20 && !healthy; attempt += 1) {
      healthy = (await client.get('/healthz')).status === 200;
    }
    expect(healthy).toBe(true);
    expect((await client.get('/api/shelters')).status).toBe(200);
  });
});

describe('waiting for the database at start-up', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('tells an unreachable database from other failures', () => {
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused, refused]))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('migration 0003 was changed'))).toBe(false);
  });

  it('retries while the database is unreachable and gives up at once on anything else', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await untilDatabaseAnswers(
      () => (++calls < 3 ? Promise.reject(refused) : Promise.resolve('migrated')),
      (_error, delayMs) => waits.push(delayMs),
    );
    expect(result).toBe('migrated');
    expect(waits).toEqual([1_000, 2_000]);

    const broken = new Error('migration 0003 was changed');
    await expect(
      untilDatabaseAnswers(
        () => Promise.reject(broken),
        () => undefined,
      ),
    ).rejects.toBe(broken);
  }, 10_000);
});
