/**
 * The real reader agent (queue, delivery, transports) as its own process for fault runs, speaking
 * JSON lines so the run can compare what the agent accepted and what the server acknowledged with
 * what the database holds. Card UIDs come on stdin, one per line.
 *
 * Env: FAULT_SERVER, FAULT_DEVICE_KEY, FAULT_QUEUE_DIR. Exits 0 once stdin has ended and every
 * queued tap has been answered.
 */
import { createInterface } from 'node:readline';
import type { TapResult } from '@contract/checkins/reader.protocol.js';
import { ReaderAgent } from '../../server/src/reader-agent/agent.js';
import { StatusReporter } from '../../server/src/reader-agent/status.js';
import type { QueuedTap } from '../../server/src/reader-agent/tap-queue.js';

export type AgentEvent =
  | { t: 'saved'; uid: string; eventId: string }
  | { t: 'acked'; eventId: string; outcome: string }
  | { t: 'online' | 'offline' | 'drained' };

const emit = (event: AgentEvent) => process.stdout.write(`${JSON.stringify(event)}\n`);

class JsonStatus extends StatusReporter {
  constructor() {
    super(
      () => undefined,
      (line) => process.stderr.write(`${line}\n`),
    );
  }
  override online(): void {
    emit({ t: 'online' });
  }
  override offline(): void {
    emit({ t: 'offline' });
  }
  override result(tap: QueuedTap, result: TapResult): void {
    emit({ t: 'acked', eventId: tap.eventId, outcome: result.outcome });
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const agent = ReaderAgent.start({
  server: requiredEnv('FAULT_SERVER'),
  deviceKey: requiredEnv('FAULT_DEVICE_KEY'),
  queueDir: requiredEnv('FAULT_QUEUE_DIR'),
  direction: 'in',
  status: new JsonStatus(),
  // Short timeouts so a frozen server is noticed within the run.
  timing: { ackTimeoutMs: 3_000, httpFallbackAfterMs: 2_000, backoff: { baseMs: 200, capMs: 2_000 } },
});

for await (const line of createInterface({ input: process.stdin })) {
  const uid = line.trim();
  if (!uid) continue;
  // tap() returns once the tap is fsynced: only then is it "saved" (accepted) for the run.
  const tap = agent.tap({ cardUid: uid });
  emit({ t: 'saved', uid, eventId: tap.eventId });
}
await agent.drained();
await agent.close();
// stdout is a pipe, written asynchronously: exit only once the last line has left, or the run
// would miss the final acknowledgements.
process.stdout.write(`${JSON.stringify({ t: 'drained' } satisfies AgentEvent)}\n`, () => process.exit(0));
