import type { LetterBatch } from '@contract/enrolment/letters.schema.js';
import type { BatchRow } from './letters.queries.js';

export function presentBatch(row: BatchRow): LetterBatch {
  return {
    id: row.id,
    per: row.per,
    targeting: row.targeting,
    replaceOpenCodes: row.replace_open_codes,
    includeEnrolled: row.include_enrolled,
    status: row.status,
    lettersTotal: row.letters_total,
    lettersDone: row.letters_done,
    codesIssued: row.codes_issued,
    peopleSkipped: row.people_skipped,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    errorId: row.error_id,
  };
}
