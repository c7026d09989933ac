import type { Database, Queryable } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { ChannelName } from './channel.types.js';
import type { ChannelSenders } from './channel-senders.js';
import { availableChannels } from './channel-senders.js';
import {
  cancelQueuedOfMessage,
  failStaleSends,
  findMessageState,
  type MessageKind,
} from './deliveries.queries.js';
import {
  failoversOf,
  queueFailover,
  queueSends,
  queueStep,
  queueVisits,
  type FailoverJob,
  type StepJob,
} from './delivery.jobs.js';
import type { DeliveryStatsPublisher } from './delivery.stats.js';
import {
  isPersonalChannel,
  policyKeyOf,
  type EscalationPolicy,
  type ResolvedEscalationConfig,
} from './escalation.policy.js';
import {
  cohortOf,
  cohortSize,
  cohortWithoutChannels,
  insertChannelRows,
  insertRelayRows,
  insertVisitRows,
  type Source,
  type StepTarget,
} from './step-rows.queries.js';

/**
 * The steps of escalation. A step job writes, in one transaction, the rows of everyone still
 * unread who can be reached on the step's channels, the send batches for them and the next step
 * (at its time after the message was issued). Whoever reads or answers on any channel drops out
 * of every later step, because each step selects from the unread entries when it runs.
 */
export class EscalationService {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobEngine,
    private readonly senders: ChannelSenders,
    private readonly config: ResolvedEscalationConfig,
    private readonly stats: DeliveryStatsPublisher,
    private readonly logger: Logger,
  ) {}

  policyFor(kind: MessageKind, severities: readonly string[]): EscalationPolicy {
    return this.config.policies[kind === 'notice' ? 'Notice' : policyKeyOf(severities)];
  }

  async runStep(job: StepJob): Promise<void> {
    const message = await findMessageState(this.db, job.kind, job.messageId);
    if (!message) return;
    await this.sweepStaleSends();
    if (!message.active) {
      const cancelled = await cancelQueuedOfMessage(this.db, job.messageId);
      if (cancelled > 0) this.stats.touch(job.kind, job.messageId);
      return;
    }
    const policy = this.policyFor(job.kind, message.severities);
    const step = policy[job.step];
    if (!step) return;
    const started = performance.now();
    const target = this.targetOf(job.kind, job.messageId, job.step);
    await this.db.transaction(async (tx) => {
      for (const channel of step.channels) {
        await this.writeChannel(tx, target, channel, { kind: 'unread', unless: step.unless });
      }
      // Nobody to reach on a channel of their own: on to their designees and a visit at once, in
      // a job of its own that another worker runs beside this one's sends.
      if (job.step === 0 && policy.length > 1) {
        const unreachable = { ...job, fromStep: 1, residentIds: 'unreachable' as const };
        await queueFailover(this.jobs, tx, [unreachable]);
      }
      const next = policy[job.step + 1];
      if (next) {
        const at = new Date(message.issued_at.getTime() + next.afterSeconds * 1000);
        await queueStep(this.jobs, tx, { ...job, step: job.step + 1 }, at);
      }
    });
    this.stats.touch(job.kind, job.messageId);
    this.logger.info(
      { messageId: job.messageId, step: job.step, ms: Math.round(performance.now() - started) },
      'escalation: step written',
    );
  }

  /** People moved on at once from a step: to the next step with a channel they can be reached on. */
  async runFailover(job: FailoverJob): Promise<void> {
    const message = await findMessageState(this.db, job.kind, job.messageId);
    if (!message?.active) return;
    const policy = this.policyFor(job.kind, message.severities);
    await this.db.transaction(async (tx) => {
      if (job.residentIds === 'unreachable') {
        const own = this.ownChannelsOf(policy);
        if ((await cohortWithoutChannels(tx, job.kind, job.messageId, own)) === 0) return;
        await this.walk(tx, job.kind, job.messageId, policy, job.fromStep, { ownChannels: false });
        return;
      }
      if ((await cohortOf(tx, job.kind, job.messageId, job.residentIds)) === 0) return;
      await this.walk(tx, job.kind, job.messageId, policy, job.fromStep);
    });
    this.stats.touch(job.kind, job.messageId);
  }

  /**
   * Fails sends a dead node left `sending` (outcome unknown: never tried again on that channel)
   * and moves their people on. Resolves to how many.
   */
  async sweepStaleSends(): Promise<number> {
    const stale = await this.db.transaction(async (tx) => {
      const rows = await failStaleSends(tx, this.config.staleSendingSeconds);
      const failovers = failoversOf(
        rows
          .filter((row) => row.channel !== 'relay')
          .map((row) => ({
            kind: row.message_kind,
            messageId: row.message_id,
            step: row.step,
            residentId: row.resident_id,
          })),
      );
      await queueFailover(this.jobs, tx, failovers);
      if (rows.length > 0) {
        this.logger.warn(
          { sends: rows.length },
          'escalation: sends of a stopped node failed as outcome unknown',
        );
      }
      return rows;
    });
    // After the commit, so the counts read see the rows failed.
    for (const row of stale) this.stats.touch(row.message_kind, row.message_id);
    return stale.length;
  }

  private targetOf(kind: MessageKind, messageId: string, step: number): StepTarget {
    return { messageKind: kind, messageId, step, batchSize: this.config.batchSize };
  }

  /** The person's own channels the policy uses and a sender exists for. */
  private ownChannelsOf(policy: EscalationPolicy): ChannelName[] {
    const available = availableChannels(this.senders);
    return [...new Set(policy.flatMap((s) => s.channels))].filter(
      (ch): ch is ChannelName => isPersonalChannel(ch) && available.includes(ch),
    );
  }

  /**
   * The cohort goes through the steps from `fromStep` now: each person stops at the first step
   * with a channel of their own they have not had yet; designees are asked on the way (that does
   * not reach the person); a visit step hands over everyone left.
   */
  private async walk(
    tx: Queryable,
    kind: MessageKind,
    messageId: string,
    policy: EscalationPolicy,
    fromStep: number,
    /** false: the cohort has no channel of its own (nothing to look for on those). */
    options = { ownChannels: true },
  ): Promise<void> {
    for (let index = fromStep; index < policy.length; index += 1) {
      const target = this.targetOf(kind, messageId, index);
      for (const channel of policy[index]!.channels) {
        if (!options.ownChannels && isPersonalChannel(channel)) continue;
        await this.writeChannel(tx, target, channel, { kind: 'cohort' });
      }
      if (policy[index]!.channels.includes('visit') && kind === 'alert') return;
      if ((await cohortSize(tx)) === 0) return;
    }
  }

  private async writeChannel(
    tx: Queryable,
    target: StepTarget,
    channel: EscalationPolicy[number]['channels'][number],
    source: Source,
  ): Promise<void> {
    const available = availableChannels(this.senders);
    const base = { kind: target.messageKind, messageId: target.messageId };
    const timing = { expireInSeconds: this.config.staleSendingSeconds };
    if (channel === 'visit') {
      // Visits are for warnings; a notice never sends staff to a door.
      if (target.messageKind !== 'alert') return;
      const batches = await insertVisitRows(tx, target, source);
      await queueVisits(this.jobs, tx, target.messageId, batches);
    } else if (channel === 'relay') {
      await queueSends(this.jobs, tx, base, await insertRelayRows(tx, target, available, source), timing);
    } else if (available.includes(channel)) {
      await queueSends(this.jobs, tx, base, await insertChannelRows(tx, target, channel, source), timing);
    }
  }
}
