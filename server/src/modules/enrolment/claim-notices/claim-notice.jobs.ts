import { createHash } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Queryable } from '../../../db/database.js';
import type { ChannelName } from '../../delivery/channel.types.js';
import type { JobEngine } from '../../jobs/job-engine.js';

/** Queues of the notices a claim sends beyond the inbox. */
export const CLAIM_NOTICE_QUEUES = {
  /** One per claim: finds the addresses to tell and queues one send per address. */
  fanOut: 'enrolment.claim-notice',
  /** One per address: the message on that channel. */
  send: 'enrolment.claim-notice.send',
} as const;

/** Who a notice is for: the person whose account it is, or a member of their household. */
export type ClaimAudience = 'self' | 'household';

export interface ClaimNoticeJob {
  /** The code claimed: one claim per code, so it names the claim. */
  codeId: string;
  residentId: string;
  userId: string;
  event: 'enrolled' | 'recovered';
  /** The household members told in the claim's transaction (their inbox entries are written). */
  household: string[];
}

export interface ClaimNoticeSendJob {
  codeId: string;
  event: ClaimNoticeJob['event'];
  audience: ClaimAudience;
  channel: ChannelName;
  recipientId: string;
  /** contact_points.id (e-mail, SMS) or push_subscriptions.id: never the address itself. */
  addressId: string;
}

/** Shaped as a uuid (pg-boss job ids are uuids) from what the job is about. */
function jobIdOf(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A claim's one fan-out job; the id makes a second queueing of the same claim insert nothing. */
export const fanOutJobId = (codeId: string) => jobIdOf(`claim-notice:${codeId}`);

/**
 * One send per claim and address: a fan-out run again (its node died after queueing) queues no
 * second message to anyone.
 */
export const sendJobId = (job: Pick<ClaimNoticeSendJob, 'codeId' | 'channel' | 'addressId'>) =>
  jobIdOf(`claim-notice:${job.codeId}:${job.channel}:${job.addressId}`);

const FAN_OUT_OPTIONS = { retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 };
/** A send waits on a provider: temporary failures (4xx, throttled, timeouts) are tried again. */
export const SEND_OPTIONS = { retryLimit: 4, retryDelay: 30, retryBackoff: true, expireInSeconds: 180 };

/** Queues the claim's notices as part of the claim's transaction: no claim, no notice. */
export async function queueClaimNotice(jobs: JobEngine, tx: Queryable, job: ClaimNoticeJob): Promise<void> {
  const insert: PgBoss.JobInsert<ClaimNoticeJob> = {
    id: fanOutJobId(job.codeId),
    name: CLAIM_NOTICE_QUEUES.fanOut,
    data: job,
    ...FAN_OUT_OPTIONS,
  };
  await jobs.boss.insert([insert], jobs.within(tx));
}

export async function queueClaimNoticeSends(
  jobs: JobEngine,
  tx: Queryable,
  sends: readonly ClaimNoticeSendJob[],
): Promise<void> {
  if (sends.length === 0) return;
  await jobs.boss.insert(
    sends.map((data) => ({ id: sendJobId(data), name: CLAIM_NOTICE_QUEUES.send, data, ...SEND_OPTIONS })),
    jobs.within(tx),
  );
}
