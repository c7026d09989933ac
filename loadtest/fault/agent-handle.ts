import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AgentEvent } from './agent-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What one reader agent accepted and what the server answered, across its restarts. */
export interface AgentLedger {
  /** Every UID handed to the agent (a person tapping), including taps tapped again. */
  written: number;
  /** eventIds the agent saved to its queue (accepted), with the card they are for. */
  saved: Map<string, string>;
  /** eventIds the server acknowledged, with the outcome. */
  acked: Map<string, string>;
}

/**
 * One reader agent process fed card UIDs on stdin at a steady rate. It can be killed (SIGKILL)
 * and restarted on the same queue; taps handed to it but not yet reported saved were never
 * accepted, so after a restart they are tapped again, as staff would when the screen said nothing.
 */
export class AgentHandle {
  readonly ledger: AgentLedger = { written: 0, saved: new Map(), acked: new Map() };
  private child: ChildProcess | undefined;
  private unsaved = new Set<string>();
  private feedTimer: NodeJS.Timeout | undefined;
  private drainedResolve: (() => void) | undefined;
  /** The agent reported drained before anyone waited for it. */
  private drainedEarly = false;
  private exitPromise: Promise<void> = Promise.resolve();

  constructor(
    private readonly env: { server: string; deviceKey: string; queueDir: string },
    private readonly uids: string[],
    private readonly tapsPerSecond: number,
  ) {}

  private next = 0;
  /** How each agent process of this reader ended: signals sent by the run, or exit codes. */
  readonly exits: string[] = [];

  get fed(): boolean {
    return this.next >= this.uids.length;
  }

  start(): void {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'loadtest/fault/agent-process.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          FAULT_SERVER: this.env.server,
          FAULT_DEVICE_KEY: this.env.deviceKey,
          FAULT_QUEUE_DIR: this.env.queueDir,
        },
        // The agent's own messages (retries, notices) go to a file next to its queue, for reading.
        stdio: ['pipe', 'pipe', openSync(`${this.env.queueDir}.log`, 'a')],
      },
    );
    this.child = child;
    this.exitPromise = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exits.push(signal ?? `exit ${code}`);
        resolve();
      }),
    );
    createInterface({ input: child.stdout! }).on('line', (line) =>
      this.onEvent(JSON.parse(line) as AgentEvent),
    );
    child.stdin!.on('error', () => undefined); // writes to a killed agent
    // Taps handed over but never confirmed: tapped again on the new agent.
    for (const uid of this.unsaved) this.write(uid);
    if (this.fed) child.stdin!.end();
  }

  private onEvent(event: AgentEvent): void {
    if (event.t === 'saved') {
      this.ledger.saved.set(event.eventId, event.uid);
      this.unsaved.delete(event.uid);
    } else if (event.t === 'acked') {
      this.ledger.acked.set(event.eventId, event.outcome);
    } else if (event.t === 'drained') {
      this.drainedEarly = true;
      this.drainedResolve?.();
    }
  }

  private write(uid: string): void {
    this.unsaved.add(uid);
    this.ledger.written += 1;
    this.child?.stdin?.write(`${uid}\n`);
  }

  /** Hands over one UID every 1/rate seconds until all are out, then closes stdin. */
  feed(): void {
    this.feedTimer = setInterval(() => {
      if (this.fed) {
        clearInterval(this.feedTimer);
        this.child?.stdin?.end();
        return;
      }
      this.write(this.uids[this.next++]!);
    }, 1000 / this.tapsPerSecond);
  }

  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exitPromise;
  }

  /** Resolves once stdin has ended and the agent reported its queue empty. */
  async drained(timeoutMs: number): Promise<boolean> {
    const drained = new Promise<void>((resolve) => {
      if (this.drainedEarly) resolve();
      this.drainedResolve = resolve;
    });
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), timeoutMs).unref(),
    );
    const outcome = await Promise.race([drained.then(() => 'drained' as const), timeout]);
    await Promise.race([this.exitPromise, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    return outcome === 'drained';
  }
}
