import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { trackChild } from './server-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Resident set size of a process in bytes (Linux /proc), or 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc), 0 when gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The k6 version line, or undefined when `k6` is not on PATH. */
export function k6Version(): string | undefined {
  const result = spawnSync('k6', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** This process's soft open-file limit (children inherit it). */
export function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? 0);
}

export interface K6Metric {
  type: 'trend' | 'counter' | 'rate' | 'gauge';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Run {
  exitCode: number;
  summary: { metrics: Record<string, K6Metric> };
  /** Peak RSS of k6 itself and of the watched server process during the run. */
  k6PeakRssBytes: number;
  serverPeakRssBytes: number;
  /** CPU seconds k6 used (user + system), last sampled before it exited. */
  k6CpuSeconds: number;
  seconds: number;
}

/** k6 ran past its deadline and was stopped: the scenario is reported as failed. */
export class K6TimeoutError extends Error {}

/**
 * Runs one k6 script to the end (usage report off, summary to `summaryFile`), sampling its own
 * memory and CPU and the server's memory every 250 ms. `during()` runs alongside (the reconnect
 * storm's restart). Past `deadlineSeconds` k6 is interrupted (SIGINT: it stops its VUs and still
 * writes its summary), 30 s later killed, and the run fails with K6TimeoutError: a hung k6 cannot
 * hang the bench.
 */
export async function runK6(
  script: string,
  env: Record<string, string>,
  options: {
    summaryFile: string;
    deadlineSeconds: number;
    serverPid?: () => number | undefined;
    during?: () => Promise<void>;
  },
): Promise<K6Run> {
  const started = performance.now();
  const child = spawn(
    'k6',
    [
      'run',
      '--quiet',
      '--no-usage-report',
      '--address',
      '127.0.0.1:0',
      path.join(ROOT, 'loadtest/k6', script),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, K6_NO_USAGE_REPORT: 'true', ...env, SUMMARY_FILE: options.summaryFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const untrack = trackChild(child);
  let k6Peak = 0;
  let k6Cpu = 0;
  let serverPeak = 0;
  const sampler = setInterval(() => {
    k6Peak = Math.max(k6Peak, rssBytes(child.pid!));
    k6Cpu = Math.max(k6Cpu, cpuSeconds(child.pid!));
    const server = options.serverPid?.();
    if (server) serverPeak = Math.max(serverPeak, rssBytes(server));
  }, 250);
  let timedOut = false;
  const interrupt = setTimeout(() => {
    timedOut = true;
    console.error(`  k6 ${script} ran past its ${options.deadlineSeconds} s deadline: interrupting it`);
    child.kill('SIGINT');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 30_000).unref();
  }, options.deadlineSeconds * 1000);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  try {
    if (options.during) await options.during();
    const exitCode = await exited;
    if (timedOut) throw new K6TimeoutError(`k6 ${script} did not end within ${options.deadlineSeconds} s`);
    let summary: K6Run['summary'];
    try {
      summary = JSON.parse(await readFile(options.summaryFile, 'utf8')) as K6Run['summary'];
    } catch {
      throw new Error(
        `k6 ${script} stopped (exit ${exitCode}) before writing its summary; see its output above`,
      );
    }
    return {
      exitCode,
      summary,
      k6PeakRssBytes: k6Peak,
      serverPeakRssBytes: serverPeak,
      k6CpuSeconds: k6Cpu,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    clearInterval(sampler);
    clearTimeout(interrupt);
    if (child.exitCode === null) child.kill('SIGKILL');
    untrack();
  }
}

/** A metric value from a k6 summary, 0 when absent. */
export function metric(run: K6Run, name: string, value: string): number {
  return run.summary.metrics[name]?.values[value] ?? 0;
}

/** Names of the thresholds k6 found crossed. */
export function failedThresholds(run: K6Run): string[] {
  return Object.entries(run.summary.metrics).flatMap(([name, m]) =>
    Object.entries(m.thresholds ?? {})
      .filter(([, t]) => !t.ok)
      .map(([expr]) => `${name}: ${expr}`),
  );
}
