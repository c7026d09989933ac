import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';

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
  seconds: number;
}

/**
 * Runs one k6 script to the end (usage report off, summary to `summaryFile`), sampling its own
 * memory and the server's every 250 ms. `during(k6Pid)` runs alongside (the reconnect storm's
 * restart).
 */
export async function runK6(
  script: string,
  env: Record<string, string>,
  options: { summaryFile: string; serverPid?: () => number | undefined; during?: () => Promise<void> },
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
  let k6Peak = 0;
  let serverPeak = 0;
  const sampler = setInterval(() => {
    k6Peak = Math.max(k6Peak, rssBytes(child.pid!));
    const server = options.serverPid?.();
    if (server) serverPeak = Math.max(serverPeak, rssBytes(server));
  }, 250);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  try {
    if (options.during) await options.during();
    const exitCode = await exited;
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
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    clearInterval(sampler);
    if (child.exitCode === null) child.kill('SIGTERM');
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
