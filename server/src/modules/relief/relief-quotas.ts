import type { Queryable } from '../../db/database.js';
import { AppError } from '../../http/errors.js';

/**
 * What one resident, and one household together, may hold in relief applications: open drafts
 * and bytes of attachments. Bounds the disk and the review queue a single account can fill.
 */
export interface ReliefQuotas {
  draftsPerResident: number;
  draftsPerHousehold: number;
  attachmentBytesPerResident: number;
  attachmentBytesPerHousehold: number;
}

export const DEFAULT_RELIEF_QUOTAS: ReliefQuotas = {
  draftsPerResident: 5,
  draftsPerHousehold: 15,
  attachmentBytesPerResident: 100 * 1024 * 1024,
  attachmentBytesPerHousehold: 300 * 1024 * 1024,
};

export interface ReliefUsage {
  residentDrafts: number;
  householdDrafts: number;
  residentBytes: number;
  householdBytes: number;
}

/**
 * Serialises quota checks of one household (or of a person without one) until commit, so racing
 * requests cannot all slip under a quota. Keyed apart from every other advisory lock by its text.
 */
export async function lockReliefQuota(tx: Queryable, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('relief-quota:' || $1))`, [key]);
}

/** Drafts and attachment bytes held by a resident and by their household. */
export async function reliefUsage(
  db: Queryable,
  residentId: string,
  householdId: string | null,
): Promise<ReliefUsage> {
  const { rows } = await db.query<ReliefUsage>(
    `SELECT
       (SELECT count(*)::int FROM relief_applications WHERE resident_id = $1 AND state = 'draft') AS "residentDrafts",
       (SELECT count(*)::int FROM relief_applications
         WHERE household_id = $2::uuid AND state = 'draft') AS "householdDrafts",
       (SELECT COALESCE(sum(t.size_bytes), 0)::float8 FROM relief_attachments t
          JOIN relief_applications a ON a.id = t.application_id WHERE a.resident_id = $1) AS "residentBytes",
       (SELECT COALESCE(sum(t.size_bytes), 0)::float8 FROM relief_attachments t
          JOIN relief_applications a ON a.id = t.application_id WHERE a.household_id = $2::uuid) AS "householdBytes"`,
    [residentId, householdId],
  );
  const usage = rows[0]!;
  // Without a household the person is their own household.
  return householdId
    ? usage
    : { ...usage, householdDrafts: usage.residentDrafts, householdBytes: usage.residentBytes };
}

const MiB = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MiB`;

/** Refuses a new draft over either quota. */
export function checkDraftQuota(usage: ReliefUsage, quotas: ReliefQuotas): void {
  if (usage.residentDrafts >= quotas.draftsPerResident) {
    throw new AppError(
      409,
      'draft_quota_exceeded',
      `You have ${usage.residentDrafts} unfinished drafts (at most ${quotas.draftsPerResident}); submit or withdraw one first.`,
      { limit: quotas.draftsPerResident },
    );
  }
  if (usage.householdDrafts >= quotas.draftsPerHousehold) {
    throw new AppError(
      409,
      'household_draft_quota_exceeded',
      `Your household has ${usage.householdDrafts} unfinished drafts (at most ${quotas.draftsPerHousehold}); submit or withdraw one first.`,
      { limit: quotas.draftsPerHousehold },
    );
  }
}

/** Refuses an upload of `adding` bytes that would go over either quota. */
export function checkAttachmentQuota(usage: ReliefUsage, adding: number, quotas: ReliefQuotas): void {
  if (usage.residentBytes + adding > quotas.attachmentBytesPerResident) {
    throw new AppError(
      409,
      'attachment_quota_exceeded',
      `Your attachments would exceed ${MiB(quotas.attachmentBytesPerResident)}; remove some or withdraw a draft first.`,
      { limitBytes: quotas.attachmentBytesPerResident, usedBytes: usage.residentBytes },
    );
  }
  if (usage.householdBytes + adding > quotas.attachmentBytesPerHousehold) {
    throw new AppError(
      409,
      'household_attachment_quota_exceeded',
      `Your household's attachments would exceed ${MiB(quotas.attachmentBytesPerHousehold)}.`,
      { limitBytes: quotas.attachmentBytesPerHousehold, usedBytes: usage.householdBytes },
    );
  }
}
