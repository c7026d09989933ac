import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../../db/database.js';
import type { Logger } from '../../logger.js';

/** A script of several statements (pg-boss sends its locked DDL that way) without parameters. */
const isScript = (text: string) => /;\s*\S/.test(text.trim().replace(/;\s*$/, ''));

/**
 * pg-boss talks to our one database seam instead of opening its own pool: the same engine then
 * runs on PostgreSQL and on the embedded PGlite, and a send can join one of our transactions.
 */
function bossDbOf(db: Queryable): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return db.query(text, values);
      if (isScript(text)) {
        await db.exec(text);
        return { rows: [] };
      }
      return db.query(text);
    },
  };
}

export interface JobEngineOptions {
  /** Schema of the engine's tables (JOBS_SCHEMA); nodes that share one see each other's jobs. */
  schema: string;
}

type WorkHandler<T> = PgBoss.WorkHandler<T>;

interface PendingWorker {
  queue: string;
  options: PgBoss.WorkOptions;
  handler: WorkHandler<unknown>;
}

/**
 * The one job engine of the system (pg-boss on the database every node already shares): queues
 * for work that must happen once whichever node takes it, retries with backoff, delayed jobs
 * and cron schedules, all durable in PostgreSQL.
 *
 * Modules declare their queues and workers while the app is built; they start with the engine
 * when the server starts listening, and stop (after their current job) when it closes.
 */
export class JobEngine {
  readonly boss: PgBoss;
  private readonly queues = new Map<string, PgBoss.Queue | undefined>();
  private readonly workers: PendingWorker[] = [];
  private readonly schedules = new Map<string, string>();
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: JobEngineOptions,
  ) {
    this.boss = new PgBoss({ db: bossDbOf(db), schema: options.schema, schedule: true, supervise: true });
    // Errors of the engine's own upkeep (a poll while the database restarts): logged, not fatal.
    this.boss.on('error', (error: Error & { code?: string }) => {
      this.logger.error({ error: error.code ?? error.name }, 'jobs: engine error');
    });
  }

  /** Declares a queue (created at start if it does not exist). */
  queue(name: string, options?: Omit<PgBoss.Queue, 'name'>): void {
    this.queues.set(name, options && { name, ...options });
  }

  /** Declares a worker for a queue; it starts with the engine. */
  work<T>(queue: string, options: PgBoss.WorkOptions, handler: WorkHandler<T>): void {
    if (!this.queues.has(queue)) this.queue(queue);
    this.workers.push({ queue, options, handler: handler as WorkHandler<unknown> });
  }

  /** Declares a cron schedule for a queue (one job per slot across all nodes); applied at start. */
  schedule(queue: string, cron: string): void {
    if (!this.queues.has(queue)) this.queue(queue);
    this.schedules.set(queue, cron);
  }

  /** pg-boss `db` option that makes a send part of `tx`: the job exists if and only if it commits. */
  within(tx: Queryable): { db: PgBoss.Db } {
    return { db: bossDbOf(tx) };
  }

  get isStarted(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const [name, options] of this.queues) {
      // createQueue is idempotent in pg-boss 10: every node declares the queues it works.
      await this.boss.createQueue(name, options ?? { name });
    }
    for (const [queue, cron] of this.schedules) await this.boss.schedule(queue, cron);
    for (const worker of this.workers) await this.boss.work(worker.queue, worker.options, worker.handler);
    this.started = true;
  }

  /** Stops taking jobs and waits for the ones in progress (pg-boss's graceful stop). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 8_000 });
  }

  /** The database the engine writes to (for modules that read job state for operators). */
  get database(): Database {
    return this.db;
  }
}
