/**
 * Letters by post or by hand for the people a warning or notice cannot reach on any channel (HQ):
 * who they are (counts only), batches of printable letters, their progress and files.
 */
import { z } from 'zod';

export const POST_BATCH_STATUSES = ['pending', 'running', 'done', 'cancelled', 'failed'] as const;
export type PostBatchStatus = (typeof POST_BATCH_STATUSES)[number];

/** The job engine's queues: one render job per batch, and its watchdog. */
export const POST_LETTERS_QUEUE = 'post-letters.render';
export const POST_LETTERS_WATCH_QUEUE = 'post-letters.watch';
export const postLettersJob = z.strictObject({ batchId: z.uuid() });

const unreadAfterMinutes = z.coerce
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60)
  .meta({
    description:
      'Also people who have a channel but had not read it this many minutes after it was sent (omit: only people with no channel)',
  });

/** Exactly one of alertId and noticeId names what the letters carry. */
const oneSource = (value: { alertId?: string | undefined; noticeId?: string | undefined }) =>
  (value.alertId === undefined) !== (value.noticeId === undefined);
const ONE_SOURCE = { message: 'Name either alertId or noticeId', path: ['alertId'] };

export const postReachQuery = z
  .strictObject({
    alertId: z.uuid().optional(),
    noticeId: z.uuid().optional(),
    unreadAfterMinutes: unreadAfterMinutes.optional(),
  })
  .refine(oneSource, ONE_SOURCE);

export const postReach = z.object({
  alertId: z.uuid().nullable(),
  noticeId: z.uuid().nullable(),
  /** People it was sent to (inbox entries; a warning's cancellations are not counted). */
  targeted: z.number().int(),
  /** Reachable: a push subscription, or an e-mail address or mobile number verified with consent. */
  withChannel: z.number().int(),
  /** No channel and not read: no account at all … */
  noAccount: z.number().int(),
  /** … or an account without push, which reaches them only when they open the portal. */
  accountWithoutPush: z.number().int(),
  /** No channel, but they opened the portal and read it already: no letter needed. */
  readAlready: z.number().int(),
  /** With a channel but unread after `unreadAfterMinutes` (0 when not asked). */
  unreadWithChannel: z.number().int(),
  /** People a batch would write to, and the letters (one per household) it would print. */
  people: z.number().int(),
  letters: z.number().int(),
  /** Selected, but with no address in the registry: no letter can be printed for them. */
  withoutAddress: z.number().int(),
});
export type PostReach = z.output<typeof postReach>;

export const createPostBatchBody = z
  .strictObject({
    alertId: z.uuid().optional(),
    noticeId: z.uuid().optional(),
    unreadAfterMinutes: unreadAfterMinutes.optional(),
    confirm: z.boolean().default(false).meta({
      description:
        'Make another batch although one is already waiting, running or done for this warning or notice',
    }),
  })
  .refine(oneSource, ONE_SOURCE);
export type CreatePostBatch = z.output<typeof createPostBatchBody>;

export const postBatch = z.object({
  id: z.uuid(),
  alertId: z.uuid().nullable(),
  noticeId: z.uuid().nullable(),
  unreadAfterMinutes: z.number().int().nullable(),
  additional: z.boolean(),
  status: z.enum(POST_BATCH_STATUSES),
  lettersTotal: z.number().int(),
  lettersDone: z.number().int(),
  people: z.object({
    total: z.number().int(),
    noAccount: z.number().int(),
    accountWithoutPush: z.number().int(),
    unreadWithChannel: z.number().int(),
    withoutAddress: z.number().int(),
  }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  files: z.object({ pdfBytes: z.number().int(), csvBytes: z.number().int() }).nullable(),
  errorId: z.string().nullable(),
});
export type PostBatch = z.output<typeof postBatch>;

export const createdPostBatch = postBatch.extend({
  existing: z.boolean().meta({
    description: 'A batch for this warning or notice was already there and is returned instead of a new one',
  }),
});

export const postBatchListQuery = z
  .strictObject({ alertId: z.uuid().optional(), noticeId: z.uuid().optional() })
  .refine(oneSource, ONE_SOURCE);
export const postBatchList = z.object({ batches: z.array(postBatch) });
export const postBatchParams = z.strictObject({ batchId: z.uuid() });
export const postFileParams = z.strictObject({ batchId: z.uuid(), file: z.enum(['pdf', 'csv']) });
