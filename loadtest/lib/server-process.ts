import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Every process the bench started and has not seen end: killed, with their process groups, when
 * the bench itself ends in any way (an error, Ctrl-C), so no server or k6 outlives it.
 */
const live = new Set<ChildProcess>();

export function trackChild(child: ChildProcess): () => void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return () => live.delete(child);
}

/** Kills every tracked process (and the group of the detached ones) at once. */
export function killTrackedChildren(): void {
  for (const child of live) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // not a group leader: kill the process alone
      child.kill('SIGKILL');
    }
  }
  live.clear();
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not become healthy in time');
}

export interface ServerProcessOptions {
  /** A fixed port (a restart must come back where its clients reconnect); default a free one. */
  port?: number;
  /** The entry point, relative to the repository; default the real server. */
  script?: string;
  /** Arguments after the entry point. */
  args?: string[];
  /** How long start-up may take (a loaded machine restarting the server takes longer). */
  readyTimeoutMs?: number;
  /** Ready once stdout has said "is running at" this many times (one per cluster worker). */
  runningLines?: number;
}

/** Stops a process group: SIGTERM to all of it, SIGKILL after 15 s. */
function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // the group is gone already
      }
    };
    const force = setTimeout(() => signal('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      // Workers of a cluster whose primary ended: none should be left, make sure.
      signal('SIGKILL');
      resolve();
    });
    signal('SIGTERM');
  });
}

/** Resolves once `child` printed `pattern` `times` times on stdout; rejects when it exits first. */
function waitForLines(child: ChildProcess, pattern: string, times: number, timeoutMs: number) {
  return new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`server not ready within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.split(pattern).length - 1 >= times) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready`));
    });
  });
}

/**
 * The real server as its own process (its own event loop, as in production), on 127.0.0.1 and a
 * free port, against the given PostgreSQL. It leads its own process group, so stopping it stops
 * everything it started (a cluster's workers).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const script = path.join(ROOT, options.script ?? 'server/src/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(options.args ?? [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'false',
      DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'hinan-bench-')),
      ...env,
    },
    detached: true,
    stdio: ['ignore', options.runningLines ? 'pipe' : 'ignore', 'inherit'],
  });
  trackChild(child);
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  try {
    if (options.runningLines) {
      await waitForLines(child, 'is running at', options.runningLines, timeoutMs);
      child.stdout!.resume();
    } else await waitForHealth(url, child, timeoutMs);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { url, pid: child.pid!, stop: () => stopGroup(child) };
}

export interface ClusterProcess extends ServerProcess {
  /** The worker processes' ids (children of the primary). */
  workerPids(): number[];
}

/**
 * `npm run start:cluster -- --workers N` as the bench runs it: one port, N workers (WebSocket
 * only), events through `REDIS_URL`. Ready when every worker said it is running.
 */
export async function startClusterProcess(
  env: Record<string, string>,
  workers: number,
): Promise<ClusterProcess> {
  const server = await startServerProcess(env, {
    script: 'server/src/cli/start-cluster.ts',
    args: ['--workers', String(workers), '--no-client-build'],
    runningLines: workers,
    readyTimeoutMs: 120_000,
  });
  // The primary's other children (tsx's esbuild service) are not workers.
  return { ...server, workerPids: () => childPids(server.pid).filter((pid) => commandName(pid) === 'node') };
}

/** Direct children of a process (Linux /proc). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** A process's command name (Linux /proc), '' when it is gone. */
export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** How many files a process holds open (sockets included), 0 when it is gone. */
export function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}
