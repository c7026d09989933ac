import { createHash } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Queryable } from '../../db/database.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { MessageKind } from './deliveries.queries.js';

/** Queues of escalation on the job engine. */
export const QUEUES = {
  /** One step of a message's policy, for everyone still unread (then queues the next step). */
  step: 'delivery.step',
  /** People moved on at once from a step (failed channel, unknown outcome), to the next they can take. */
  failover: 'delivery.failover',
  /** Up to a batch of queued deliveries to send. */
  send: 'delivery.send',
  /** Sends a dead node left `sending` (every minute, and before every step). */
  sweep: 'delivery.sweep',
  /** Owned by the visit tasks: `{ alertId, residentIds }`, their worker opens the tasks. */
  visits: 'visit-tasks.open',
} as const;

export interface StepJob {
  kind: MessageKind;
  messageId: string;
  step: number;
}

export interface FailoverJob {
  kind: MessageKind;
  messageId: string;
  /** The first step the people may be moved on to. */
  fromStep: number;
  /**
   * Who: these people, or (`unreachable`) everyone still unread who has no channel of their own,
   * queued by the first step so their hand-over runs beside it.
   */
  residentIds: string[] | 'unreachable';
}

export interface SendJob {
  kind: MessageKind;
  messageId: string;
  /** deliveries.id values (bigint as text). */
  ids: string[];
}

export interface VisitTasksJob {
  alertId: string;
  residentIds: string[];
}

/**
 * The step job's id is derived from the message and the step: queueing it twice (a step job that
 * is run again after its node died between its commit and its completion) inserts nothing.
 */
export function stepJobId(kind: MessageKind, messageId: string, step: number): string {
  const hex = createHash('sha256').update(`escalation:${kind}:${messageId}:${step}`).digest('hex');
  // Shaped as a version-4-looking uuid (pg-boss ids are uuid); uniqueness is what matters.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Step jobs retry (a database hiccup) with backoff; their work is one transaction, so a retry is clean. */
const STEP_RETRY = { retryLimit: 10, retryDelay: 1, retryBackoff: true, expireInSeconds: 300 };

/** Queues step `step` of a message at `startAfter`, as part of `tx`. */
export async function queueStep(
  jobs: JobEngine,
  tx: Queryable,
  job: StepJob,
  startAfter: Date | null,
): Promise<void> {
  const insert: PgBoss.JobInsert<StepJob> = {
    id: stepJobId(job.kind, job.messageId, job.step),
    name: QUEUES.step,
    data: job,
    ...STEP_RETRY,
    ...(startAfter ? { startAfter } : {}),
  };
  await jobs.boss.insert([insert], jobs.within(tx));
}

/**
 * Starts escalation of a message just written in `tx`: its first step runs once `tx` commits
 * (and never if it rolls back).
 */
export function startEscalation(jobs: JobEngine, tx: Queryable, kind: MessageKind, messageId: string) {
  return queueStep(jobs, tx, { kind, messageId, step: 0 }, null);
}

/** People who failed on a channel of a step, moved on from the step after it: one job per message and step. */
export function failoversOf(
  failed: readonly { kind: MessageKind; messageId: string; step: number; residentId: string }[],
): FailoverJob[] {
  const groups = new Map<string, FailoverJob & { residentIds: string[] }>();
  for (const row of failed) {
    const key = `${row.messageId}:${row.step}`;
    let group = groups.get(key);
    if (!group) {
      group = { kind: row.kind, messageId: row.messageId, fromStep: row.step + 1, residentIds: [] };
      groups.set(key, group);
    }
    group.residentIds.push(row.residentId);
  }
  return [...groups.values()];
}

export async function queueFailover(jobs: JobEngine, tx: Queryable, failovers: FailoverJob[]): Promise<void> {
  if (failovers.length === 0) return;
  await jobs.boss.insert(
    failovers.map((data) => ({ name: QUEUES.failover, data, ...STEP_RETRY })),
    jobs.within(tx),
  );
}

/**
 * A send job lives only as long as the sends it claims may stay `sending` (the policy's
 * `staleSendingSeconds`): past that its node is taken for dead and the job is run again, so the
 * rows it had not claimed yet go out from another node. Running a job twice sends nothing twice:
 * each row is claimed once.
 */
const SEND_RETRY = { retryLimit: 5, retryDelay: 2, retryBackoff: true };

export async function queueSends(
  jobs: JobEngine,
  tx: Queryable,
  base: Omit<SendJob, 'ids'>,
  batches: string[][],
  timing: { expireInSeconds: number; startAfter?: Date },
): Promise<void> {
  if (batches.length === 0) return;
  await jobs.boss.insert(
    batches.map((ids) => ({
      name: QUEUES.send,
      data: { ...base, ids },
      ...SEND_RETRY,
      expireInSeconds: timing.expireInSeconds,
      ...(timing.startAfter ? { startAfter: timing.startAfter } : {}),
    })),
    jobs.within(tx),
  );
}

export async function queueVisits(
  jobs: JobEngine,
  tx: Queryable,
  alertId: string,
  batches: string[][],
): Promise<void> {
  if (batches.length === 0) return;
  await jobs.boss.insert(
    batches.map((residentIds) => ({ name: QUEUES.visits, data: { alertId, residentIds } })),
    jobs.within(tx),
  );
}
