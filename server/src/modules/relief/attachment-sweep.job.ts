import type { Database } from '../../db/database.js';
import type { ScheduledJob } from '../jobs/jobs.types.js';
import type { AttachmentStore } from './attachment-store.js';

/**
 * A file is placed inside the transaction that writes its row, so for a moment a file without a
 * committed row is normal; only files older than this are judged.
 */
export const ORPHAN_GRACE_MS = 60 * 60_000;

async function keysWithRows(db: Database, keys: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ storage_key: string }>(
    'SELECT storage_key FROM relief_attachments WHERE storage_key = ANY($1::text[])',
    [keys],
  );
  return new Set(rows.map((row) => row.storage_key));
}

/**
 * Removes attachment files that no row points at any more: the rows went with a deleted resident
 * or application (ON DELETE CASCADE cannot reach the file system), or the process stopped between
 * a delete's commit and the file's removal. Also removes temp files of uploads that never
 * finished. Personal documents must not outlive their record; the count is all that is logged.
 */
export async function sweepOrphanAttachments(
  db: Database,
  store: AttachmentStore,
  now: Date = new Date(),
): Promise<number> {
  const before = new Date(now.getTime() - ORPHAN_GRACE_MS);
  let removed = await store.removeTempFilesOlderThan(before);
  for await (const keys of store.storedKeysOlderThan(before)) {
    const kept = await keysWithRows(db, keys);
    for (const key of keys) {
      if (kept.has(key)) continue;
      await store.remove(key);
      removed += 1;
    }
  }
  return removed;
}

export function attachmentSweepJob(db: Database, store: AttachmentStore): ScheduledJob {
  return {
    name: 'attachment-sweep',
    intervalSeconds: 6 * 60 * 60,
    run: () => sweepOrphanAttachments(db, store),
  };
}
