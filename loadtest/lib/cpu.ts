import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU use by who, from /proc (Linux): the server process, PostgreSQL backends, this load
 * generator, and everything else on the machine. Percent of one core (200 = two cores busy).
 */
export interface CpuShare {
  serverPct: number;
  postgresPct: number;
  loadGeneratorPct: number;
  otherPct: number;
  idlePct: number;
}

interface Sample {
  at: number;
  busy: number;
  idle: number;
  server: number;
  postgres: number;
  self: number;
}

const TICKS_PER_SECOND = 100;

function processTicks(pid: number | string): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // utime + stime, plus cutime + cstime: PostgreSQL backends that exited were reaped by the
    // postmaster, whose children's times then count there.
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

function sample(serverPid: number): Sample {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const busy = cpu.reduce((a, b) => a + b, 0) - idle;
  let postgres = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const p = processTicks(pid);
    if (p?.comm === 'postgres') postgres += p.ticks;
  }
  return {
    at: performance.now(),
    busy,
    idle,
    server: processTicks(serverPid)?.ticks ?? 0,
    postgres,
    self: processTicks(process.pid)?.ticks ?? 0,
  };
}

export class CpuMeter {
  private start: Sample;

  constructor(private readonly serverPid: number) {
    this.start = sample(serverPid);
  }

  reset(): void {
    this.start = sample(this.serverPid);
  }

  read(): CpuShare {
    const end = sample(this.serverPid);
    const seconds = (end.at - this.start.at) / 1000;
    const pct = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
    const server = end.server - this.start.server;
    const postgres = end.postgres - this.start.postgres;
    const self = end.self - this.start.self;
    const busy = end.busy - this.start.busy;
    return {
      serverPct: pct(server),
      postgresPct: pct(postgres),
      loadGeneratorPct: pct(self),
      otherPct: pct(Math.max(0, busy - server - postgres - self)),
      idlePct: pct(end.idle - this.start.idle),
    };
  }
}
