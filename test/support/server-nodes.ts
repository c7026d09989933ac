import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Redis for the cross-node tests; CI starts one on the default port (see .ci/run). */
export { TEST_REDIS_URL } from './redis.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServerNode {
  name: string;
  url: string;
  process: ChildProcess;
  /** Everything the node wrote, for the failure message of a test. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A port nothing listens on right now (for a server that must know its address before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts `server/src/main.ts` as its own process, the way `npm start` would, on a free port, and
 * resolves once it serves. `env` is added to the environment (DATABASE_URL, REDIS_URL, …).
 */
export async function startServerNode(name: string, env: Record<string, string>): Promise<ServerNode> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `hinan-node-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start:\n${output}`)), 120_000);
    const check = () => {
      if (output.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited with ${code}:\n${output}`));
    });
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
