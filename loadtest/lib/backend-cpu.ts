import { readFileSync } from 'node:fs';
import type { Queryable } from '../../server/src/db/database.js';

const TICKS_PER_SECOND = 100;

function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // gone
  }
}

/**
 * CPU used by given processes plus the PostgreSQL backends of one application_name (the pool
 * of one process), from /proc. On a shared machine this is the work a request costs, whatever
 * else runs: "postgres" in CpuMeter counts every database on the server.
 */
export class OwnCpu {
  private start = new Map<number, number>();

  private constructor(
    private readonly db: Queryable,
    private readonly applicationName: string,
    private readonly processPids: number[],
  ) {}

  static async begin(db: Queryable, applicationName: string, processPids: number[]): Promise<OwnCpu> {
    const meter = new OwnCpu(db, applicationName, processPids);
    for (const pid of [...processPids, ...(await meter.backends())]) meter.start.set(pid, ticksOf(pid));
    return meter;
  }

  private async backends(): Promise<number[]> {
    const { rows } = await this.db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [this.applicationName],
    );
    return rows.map((row) => row.pid);
  }

  /** CPU milliseconds used since `begin`: by the processes, and by their database backends. */
  async read(): Promise<{ processMs: number; backendsMs: number }> {
    const used = (pid: number) => ((ticksOf(pid) - (this.start.get(pid) ?? 0)) * 1000) / TICKS_PER_SECOND;
    const processMs = this.processPids.reduce((sum, pid) => sum + used(pid), 0);
    const backendsMs = (await this.backends()).reduce((sum, pid) => sum + used(pid), 0);
    return { processMs, backendsMs };
  }
}
