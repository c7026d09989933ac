import { Latencies } from './latency.js';

export interface OpenLoopResult {
  targetPerSecond: number;
  durationSeconds: number;
  sent: number;
  completed: number;
  /** Successful answers received inside the stage window, per second: the sustained rate. */
  okPerSecond: number;
  /** Failed or wrong answers, and requests still unanswered when the drain limit ran out. */
  errors: number;
  /** Errors by kind: `bad_answer`, `unanswered`, or the error's code or name. */
  errorKinds: Record<string, number>;
  /** Requests not sent because too many were already waiting (the target saturated). */
  notSent: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
}

const TICK_MS = 2;
const DRAIN_LIMIT_MS = 30_000;

/**
 * Open loop: `send(i)` is started on schedule, `perSecond` times a second for `seconds`, whether
 * or not earlier requests were answered (up to `maxInFlight`). Latency is start → settled; a
 * request counts as an error when `send` resolves false or rejects. Requests that fall behind
 * schedule (timer granularity) are sent at once, so the offered rate holds.
 */
export async function runOpenLoop(
  send: (i: number) => Promise<boolean>,
  options: { perSecond: number; seconds: number; maxInFlight?: number },
): Promise<OpenLoopResult> {
  const maxInFlight = options.maxInFlight ?? 2_000;
  const latencies = new Latencies();
  let sent = 0;
  let completed = 0;
  let okInWindow = 0;
  let errors = 0;
  let notSent = 0;
  let inFlight = 0;
  const errorKinds: Record<string, number> = {};
  const failed = (kind: string) => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  const start = performance.now();
  const end = start + options.seconds * 1000;

  const fire = () => {
    if (inFlight >= maxInFlight) {
      notSent++;
      return;
    }
    const i = sent++;
    inFlight++;
    const sentAt = performance.now();
    send(i)
      .then(
        (ok) => {
          const now = performance.now();
          latencies.add(now - sentAt);
          completed++;
          if (!ok) failed('bad_answer');
          else if (now <= end) okInWindow++;
        },
        (error: unknown) => failed((error as { code?: string }).code ?? (error as Error).name),
      )
      .finally(() => inFlight--);
  };

  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * options.perSecond);
    while (sent + notSent < due) fire();
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const drainUntil = performance.now() + DRAIN_LIMIT_MS;
  while (inFlight > 0 && performance.now() < drainUntil)
    await new Promise((resolve) => setTimeout(resolve, 20));
  if (inFlight > 0) {
    errors += inFlight;
    errorKinds.unanswered = inFlight;
  }
  return {
    targetPerSecond: options.perSecond,
    durationSeconds: options.seconds,
    sent,
    completed,
    okPerSecond: Math.round(okInWindow / options.seconds),
    errors,
    errorKinds,
    notSent,
    latencyMs: latencies.summary(),
  };
}
