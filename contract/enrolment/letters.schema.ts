/** Enrolment letters: batches of printed codes for a selection of the registry (HQ). */
import { z } from 'zod';
import { targetingSchema } from '../notices/notices.schema.js';

export const LETTER_BATCH_STATUSES = ['pending', 'running', 'done', 'cancelled', 'failed'] as const;
export type LetterBatchStatus = (typeof LETTER_BATCH_STATUSES)[number];

export const createLetterBatchBody = z.strictObject({
  /** One letter per household (each adult member's code on it) or one per adult. */
  per: z.enum(['household', 'person']),
  /** The notice targeting: municipalities, polygons, whereabouts such as evacuated_outside, … */
  targeting: targetingSchema,
  replaceOpenCodes: z.boolean().default(false).meta({
    description: 'Revoke and replace codes already open (issued at a counter); default: skip those people',
  }),
  includeEnrolled: z
    .boolean()
    .default(false)
    .meta({ description: 'Also write to people who have an account (their code is a recovery code)' }),
  force: z
    .boolean()
    .default(false)
    .meta({ description: 'Create a new batch even when an identical one is pending, running or done' }),
});
export type CreateLetterBatch = z.output<typeof createLetterBatchBody>;

export const letterBatch = z.object({
  id: z.uuid(),
  per: z.enum(['household', 'person']),
  targeting: targetingSchema,
  replaceOpenCodes: z.boolean(),
  includeEnrolled: z.boolean(),
  status: z.enum(LETTER_BATCH_STATUSES),
  lettersTotal: z.number().int(),
  lettersDone: z.number().int(),
  codesIssued: z.number().int(),
  peopleSkipped: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  errorId: z.string().nullable(),
});
export type LetterBatch = z.output<typeof letterBatch>;

export const createdLetterBatch = letterBatch.extend({
  existing: z
    .boolean()
    .meta({ description: 'An identical batch was found and returned instead of a new one' }),
});

export const letterBatchList = z.object({ batches: z.array(letterBatch) });
export const letterBatchParams = z.strictObject({ batchId: z.uuid() });
export const letterFileParams = z.strictObject({ batchId: z.uuid(), file: z.enum(['pdf', 'csv']) });

/** Sent to role:hq after each committed chunk and when a batch ends. */
export const letterBatchProgress = letterBatch;
