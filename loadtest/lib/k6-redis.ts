import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { cpuSeconds } from './k6-runner.js';
import { freePort, trackChild } from './server-process.js';

/** What Redis has done so far: the counters a fan-out's cost per message is taken from. */
export interface RedisCounters {
  at: number;
  cpuSeconds: number;
  commands: number;
  publishes: number;
  inputBytes: number;
  outputBytes: number;
  /** Calls so far by command name (INFO commandstats). */
  calls: Record<string, number>;
}

export interface BenchRedis {
  url: string;
  /** Only this bench uses it: its counters count nothing else. */
  private: boolean;
  counters(): Promise<RedisCounters>;
  stop(): Promise<void>;
}

const field = (info: string, pattern: RegExp) => Number(pattern.exec(info)?.[1] ?? 0);

/** Reads the counters from INFO. */
async function readCounters(client: Redis): Promise<RedisCounters> {
  const info = await client.info('all');
  const pid = field(info, /process_id:(\d+)/);
  // INFO cpu is getrusage of the redis-server process, in microseconds; /proc/<pid>/stat (10 ms
  // ticks) only when INFO has none.
  const fromInfo = field(info, /used_cpu_sys:([\d.]+)/) + field(info, /used_cpu_user:([\d.]+)/);
  const fromProc = pid ? cpuSeconds(pid) : 0;
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) calls[match[1]!] = Number(match[2]);
  const commands = Object.values(calls).reduce((sum, n) => sum + n, 0);
  return {
    at: performance.now(),
    cpuSeconds: fromInfo || fromProc,
    commands,
    publishes: field(info, /cmdstat_publish:calls=(\d+)/),
    inputBytes: field(info, /total_net_input_bytes:(\d+)/),
    outputBytes: field(info, /total_net_output_bytes:(\d+)/),
    calls,
  };
}

/** Resolves once something listens on the loopback port; rejects when `child` exits or time is up. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`private redis-server did not start listening on ${port}`);
}

/**
 * A Redis for the scale-out bench: a private `redis-server` on a free loopback port (no
 * persistence) when the binary is installed, so its CPU and traffic are the bench's alone;
 * otherwise `fallbackUrl`, whose counters then include whatever else uses that Redis.
 */
export async function startBenchRedis(fallbackUrl: string): Promise<BenchRedis> {
  const haveBinary = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!haveBinary) {
    const client = new Redis(fallbackUrl, { maxRetriesPerRequest: 1 });
    client.on('error', () => {
      // A failed INFO rejects its own promise; the event would only repeat it.
    });
    return {
      url: fallbackUrl,
      private: false,
      counters: () => readCounters(client),
      stop: () => {
        client.disconnect();
        return Promise.resolve();
      },
    };
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  trackChild(child);
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForPort(port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {
    // A failed INFO rejects its own promise; the event would only repeat it.
  });
  return {
    url,
    private: true,
    counters: () => readCounters(client),
    stop: async () => {
      client.disconnect();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Counters after − before, with the idle rate (measured just before) taken out. */
export function redisCost(
  idle: { before: RedisCounters; after: RedisCounters },
  window: { before: RedisCounters; after: RedisCounters },
) {
  const idleSeconds = Math.max(0.001, (idle.after.at - idle.before.at) / 1000);
  const windowSeconds = (window.after.at - window.before.at) / 1000;
  const netOf = (get: (c: RedisCounters) => number) => {
    const idleRate = (get(idle.after) - get(idle.before)) / idleSeconds;
    return Math.max(0, get(window.after) - get(window.before) - idleRate * windowSeconds);
  };
  const net = (key: Exclude<keyof RedisCounters, 'at' | 'calls'>) => netOf((c) => c[key]);
  const byCommand = Object.fromEntries(
    Object.keys(window.after.calls)
      .map((name) => [name, Math.round(netOf((c) => c.calls[name] ?? 0))] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]),
  );
  return {
    windowSeconds,
    cpuSeconds: net('cpuSeconds'),
    commands: net('commands'),
    publishes: net('publishes'),
    inputBytes: net('inputBytes'),
    outputBytes: net('outputBytes'),
    byCommand,
  };
}
