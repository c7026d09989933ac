import type { PostBatch } from '@contract/post/post.schema.js';
import type { PostBatchRow } from './post.queries.js';

/** A batch as HQ sees it: counts and states only, nobody named. */
export function presentPostBatch(row: PostBatchRow): PostBatch {
  return {
    id: row.id,
    alertId: row.alert_id,
    noticeId: row.notice_id,
    unreadAfterMinutes: row.unread_after_minutes,
    additional: row.additional,
    status: row.status,
    lettersTotal: row.letters_total,
    lettersDone: row.letters_done,
    people: {
      total: row.people_total,
      noAccount: row.people_no_account,
      accountWithoutPush: row.people_account_without_push,
      unreadWithChannel: row.people_unread_with_channel,
      withoutAddress: row.people_without_address,
    },
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    files:
      row.status === 'done' && row.pdf_bytes !== null && row.csv_bytes !== null
        ? { pdfBytes: Number(row.pdf_bytes), csvBytes: Number(row.csv_bytes) }
        : null,
    errorId: row.error_id,
  };
}
