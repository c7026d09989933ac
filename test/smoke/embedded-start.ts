/**
 * Starts the system the way a newcomer does (what `npm start` runs, embedded database, fresh data
 * folder; without npm in between, so the server itself receives SIGTERM and its exit code is seen),
 * waits for it, checks what a user would see, stops it with SIGTERM, then starts it again to check
 * that a later start reuses the data. Exits non-zero on any failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const port = 30_000 + Math.floor(Math.random() * 20_000);
const baseUrl = `http://127.0.0.1:${port}`;

function start(dataDir: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/start.ts'], {
    env: { ...process.env, DATABASE_URL: '', PORT: String(port), DATA_DIR: dataDir, DEMO_RESIDENTS: '5000' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForHealth(timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok && output().includes('Demo logins')) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`server did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(-child.pid!, 'SIGTERM');
  return exited;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
  process.stdout.write(`  ok  ${message}\n`);
}

async function run(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-smoke-'));
  try {
    let started = Date.now();
    const first = start(dataDir);
    await waitForHealth(300_000, first.output);
    const firstStart = (Date.now() - started) / 1000;

    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as {
      database: string;
      postgis: string;
    };
    check(
      health.database === 'embedded',
      `healthz reports the embedded database (PostGIS ${health.postgis})`,
    );
    const shelters = (await (await fetch(`${baseUrl}/api/shelters`)).json()) as { features: unknown[] };
    check(shelters.features.length > 1800, `${shelters.features.length} shelters served`);
    const page = await fetch(`${baseUrl}/`);
    check(page.ok && (await page.text()).includes('<div id="root"'), 'the web client is served at /');
    const login = /^\s+hq-operator \/ (\S+)/m.exec(first.output());
    check(login !== null, 'the terminal prints the demo HQ login');
    const session = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'hq-operator', password: login![1] }),
    });
    check(session.status === 200, 'the printed HQ login works');
    const enrolment = /#\/enrol\?code=(\S+)\s+— born (\d{4}-\d{2}-\d{2})/.exec(first.output());
    check(enrolment !== null, 'the terminal prints a demo enrolment code and its birth date');
    const claimable = await fetch(`${baseUrl}/api/enrolment/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: enrolment![1], birthDate: enrolment![2] }),
    });
    check(claimable.status === 200, 'the printed enrolment code can be claimed with that birth date');
    check((await stop(first.child)) === 0, 'SIGTERM shuts down cleanly');

    started = Date.now();
    const second = start(dataDir);
    await waitForHealth(120_000, second.output);
    const laterStart = (Date.now() - started) / 1000;
    check(second.output().includes(login![1]!), 'a later start prints the same demo logins');
    await stop(second.child);
    process.stdout.write(
      `\nfirst start ${firstStart.toFixed(1)} s, later start ${laterStart.toFixed(1)} s\n`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`smoke test failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
