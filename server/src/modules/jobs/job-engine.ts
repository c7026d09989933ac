import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../../db/database.js';
import type { Logger } from '../../logger.js';

/** Database error code or error class: enough to find the cause, never the values in a message. */
export function errorIdOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length <= 20) return /^[0-9A-Z]{5}$/.test(code) ? `db_${code}` : code;
  return error instanceof Error ? error.name : 'unknown';
}

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
  /**
   * JOB_SCHEDULES: whether this node starts periodic jobs (pg-boss's cron and the sub-minute
   * ticks). Off, it still works every job it is sent. Default on.
   */
  schedules?: boolean;
}

type WorkHandler<T> = PgBoss.WorkHandler<T>;

interface PendingWorker {
  queue: string;
  options: PgBoss.WorkOptions;
  handler: WorkHandler<unknown>;
}

interface Periodic {
  queue: string;
  seconds: number;
  cron: string | null;
}

/**
 * The cron expression that fires every `seconds` (whole minutes dividing an hour, or whole hours
 * dividing a day), or null when cron cannot say it (under a minute, 45 min, 5 h, …).
 */
export function cronFor(seconds: number): string | null {
  if (seconds % 60 !== 0) return null;
  const minutes = seconds / 60;
  if (minutes === 1) return '* * * * *';
  if (minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  if (minutes % 60 !== 0) return null;
  const hours = minutes / 60;
  if (hours === 1) return '0 * * * *';
  if (hours < 24 && 24 % hours === 0) return `0 */${hours} * * *`;
  return hours === 24 ? '0 0 * * *' : null;
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
  private readonly periodic: Periodic[] = [];
  private readonly tickers: NodeJS.Timeout[] = [];
  private readonly stopping = new AbortController();
  private readonly schedules: boolean;
  private readonly schemaName: string;
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: JobEngineOptions,
  ) {
    this.schedules = options.schedules ?? true;
    this.schemaName = options.schema;
    this.boss = new PgBoss({
      db: bossDbOf(db),
      schema: options.schema,
      // The timekeeper fires cron schedules; a node that starts no periodic jobs runs none.
      schedule: this.schedules,
      supervise: true,
      // Upkeep (expiring jobs of nodes that died, archiving) every 20 s instead of pg-boss's 2 min:
      // a dead node's send jobs are run again within seconds of their expiry, not minutes.
      maintenanceIntervalSeconds: 20,
    });
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

  /**
   * Declares a queue whose job runs once every `seconds` across all nodes, whichever of them are
   * up (the handler must be idempotent: a node that dies mid-run leaves the job to a retry).
   *
   * Periods cron can say (a minute and up) use pg-boss's `schedule`: the nodes' timekeepers agree
   * through the database on which of them sends each minute's job (and the send is a 60-second
   * singleton on top), so each firing is one job on one node. Periods cron cannot say (warning
   * expiry every 30 s) use throttled sends: every node sends every third of the period with
   * `singletonSeconds` = the period, and pg-boss's unique index on (queue, slot) keeps one job per
   * slot, the slot taken from the database's clock so node clocks do not matter. A chain of jobs
   * each queueing the next would also work, but dies with the node that holds its link until the
   * job expires; ticks from every node have no such gap.
   *
   * The queue is `short` (one job waiting at most): a period that passes while every node is busy
   * adds no second job, and a job left active by a dead node blocks nothing (`singleton` would
   * block the queue until that job expired).
   */
  every(
    queue: string,
    seconds: number,
    options: Omit<PgBoss.Queue, 'name' | 'policy'>,
    handler: (signal: AbortSignal) => Promise<unknown>,
  ): void {
    this.queue(queue, { ...options, policy: 'short' });
    this.work(queue, { batchSize: 1 }, async () => handler(this.stopping.signal));
    this.periodic.push({ queue, seconds, cron: cronFor(seconds) });
  }

  /** Aborted when the node starts stopping: long jobs stop after their current step. */
  get stopSignal(): AbortSignal {
    return this.stopping.signal;
  }

  /** pg-boss `db` option that makes a send part of `tx`: the job exists if and only if it commits. */
  within(tx: Queryable): { db: PgBoss.Db } {
    return { db: bossDbOf(tx) };
  }

  get isStarted(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    await this.oneNodeAtATime(async () => {
      await this.boss.start();
      // createQueue is idempotent in pg-boss 10: every node declares the queues it works.
      for (const [name, options] of this.queues) await this.boss.createQueue(name, options ?? { name });
    });
    for (const worker of this.workers) await this.boss.work(worker.queue, worker.options, worker.handler);
    if (this.schedules) await this.startPeriodic();
    this.started = true;
  }

  /**
   * Nodes starting together on a new database would each install the engine's schema and queues
   * at once, and PostgreSQL refuses the loser (a schema or partition made twice). On PostgreSQL
   * they take turns behind an advisory lock held by a transaction of its own, while pg-boss
   * installs through the pool's other connections; the embedded database has one process.
   */
  private async oneNodeAtATime(install: () => Promise<void>): Promise<void> {
    if (this.db.kind !== 'postgres') return install();
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jobs-install:${this.schemaName}`]);
      await install();
    });
  }

  private async startPeriodic(): Promise<void> {
    for (const job of this.periodic) {
      if (job.cron) {
        // Every node sets the same schedule (an upsert); UTC, so no period shifts with a zone.
        await this.boss.schedule(job.queue, job.cron, undefined, { tz: 'UTC' });
        continue;
      }
      // A period that was cron-able before must not fire twice (its old schedule and the ticks).
      await this.boss.unschedule(job.queue);
      const tick = () => {
        this.boss.sendThrottled(job.queue, {}, {}, job.seconds).catch((error: unknown) => {
          this.logger.error({ job: job.queue, error: errorIdOf(error) }, 'jobs: periodic send failed');
        });
      };
      tick();
      const timer = setInterval(tick, Math.max(1, Math.floor(job.seconds / 3)) * 1000);
      timer.unref();
      this.tickers.push(timer);
    }
  }

  /** Stops taking jobs and waits for the ones in progress (pg-boss's graceful stop). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const timer of this.tickers.splice(0)) clearInterval(timer);
    this.stopping.abort();
    await this.boss.stop({ graceful: true, wait: true, timeout: 8_000 });
  }

  /** The database the engine writes to (for modules that read job state for operators). */
  get database(): Database {
    return this.db;
  }
}
