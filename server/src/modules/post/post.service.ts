import { rm, stat } from 'node:fs/promises';
import type { CreatePostBatch, PostBatch, PostReach } from '@contract/post/post.schema.js';
import type { Database, Queryable } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { assertMayMakePostLetters } from '../../policies/index.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { QueuePostBatch } from './post.jobs.js';
import { postLettersEmpty, postLettersNotCancellable, postLettersNotReady } from './post.errors.js';
import { presentPostBatch } from './post.present.js';
import {
  findLiveBatch,
  finishBatch,
  getBatch,
  insertBatch,
  listBatches,
  setLettersTotal,
} from './post.queries.js';
import { batchRecipientIds, countReach, insertLetters, type PostSource } from './post-selection.queries.js';
import { postFiles } from './post.worker.js';

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

type SourceRequest = { alertId?: string | undefined; noticeId?: string | undefined };

const sourceFrom = (request: SourceRequest): PostSource =>
  request.alertId ? { kind: 'alert', id: request.alertId } : { kind: 'notice', id: request.noticeId! };

async function assertSourceExists(db: Queryable, source: PostSource): Promise<void> {
  const table = source.kind === 'alert' ? 'alerts' : 'notices';
  const { rows } = await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [source.id]);
  if (rows.length === 0) throw notFound(source.kind === 'alert' ? 'Warning' : 'Notice');
}

/**
 * Letters by post at HQ: how many people no channel reaches (counts only), making a batch (its
 * letters fixed in the database and its job queued in the same transaction), one batch per
 * warning or notice unless HQ confirms another, cancelling (the files are deleted), and the
 * PDF and CSV served to HQ with each download in the access log of everyone the files name.
 */
export class PostService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly jobs: JobEngine,
    private readonly queue: QueuePostBatch,
    private readonly settings: { lettersDir: string },
  ) {}

  async reach(user: SessionUser, request: SourceRequest & { unreadAfterMinutes?: number | undefined }) {
    assertMayMakePostLetters(user);
    const source = sourceFrom(request);
    await assertSourceExists(this.db, source);
    const minutes = request.unreadAfterMinutes ?? null;
    const row = await countReach(this.db, source, minutes);
    return {
      alertId: source.kind === 'alert' ? source.id : null,
      noticeId: source.kind === 'notice' ? source.id : null,
      targeted: row.targeted,
      withChannel: row.with_channel,
      noAccount: row.no_account,
      accountWithoutPush: row.account_without_push,
      readAlready: row.read_already,
      unreadWithChannel: minutes === null ? 0 : row.unread_with_channel,
      people: row.people,
      letters: row.letters,
      withoutAddress: row.without_address,
    } satisfies PostReach;
  }

  async create(user: SessionUser, request: CreatePostBatch): Promise<PostBatch & { existing: boolean }> {
    assertMayMakePostLetters(user);
    const source = sourceFrom(request);
    await assertSourceExists(this.db, source);
    if (!request.confirm) {
      const existing = await findLiveBatch(this.db, source);
      if (existing) return { ...presentPostBatch(existing), existing: true };
    }
    const unreadAfterMinutes = request.unreadAfterMinutes ?? null;
    try {
      const batch = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
        const reach = await countReach(tx, source, unreadAfterMinutes);
        if (reach.people === 0) throw postLettersEmpty();
        // Confirmed: another batch on purpose, even when none is live (the first stays unique).
        const additional = request.confirm && (await findLiveBatch(tx, source)) !== undefined;
        const id = await insertBatch(tx, {
          source,
          unreadAfterMinutes,
          additional,
          createdBy: user.id,
          reach,
        });
        await setLettersTotal(tx, id, await insertLetters(tx, { id, source, unreadAfterMinutes }));
        // The job exists if and only if the batch does.
        await this.queue(id, this.jobs.within(tx));
        const row = presentPostBatch((await getBatch(tx, id))!);
        outbox.add(rooms.hq, 'post:letters', row);
        return row;
      });
      return { ...batch, existing: false };
    } catch (error) {
      // Two operators at once: the other one's batch is the answer.
      if (!isUniqueViolation(error)) throw error;
      const existing = await findLiveBatch(this.db, source);
      if (!existing) throw error;
      return { ...presentPostBatch(existing), existing: true };
    }
  }

  async list(user: SessionUser, request: SourceRequest): Promise<PostBatch[]> {
    assertMayMakePostLetters(user);
    return (await listBatches(this.db, sourceFrom(request), 20)).map(presentPostBatch);
  }

  async get(user: SessionUser, batchId: string): Promise<PostBatch> {
    assertMayMakePostLetters(user);
    const batch = await getBatch(this.db, batchId);
    if (!batch) throw notFound('Letter batch');
    return presentPostBatch(batch);
  }

  /**
   * Cancels a waiting or running batch (the worker stops at its next chunk), or withdraws a
   * finished one once it is printed; either way its files are deleted.
   */
  async cancel(user: SessionUser, batchId: string): Promise<PostBatch> {
    assertMayMakePostLetters(user);
    const batch = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const locked = await getBatch(tx, batchId, true);
      if (!locked) throw notFound('Letter batch');
      if (locked.status === 'cancelled' || locked.status === 'failed') throw postLettersNotCancellable();
      await finishBatch(tx, batchId, { status: 'cancelled' });
      const row = presentPostBatch((await getBatch(tx, batchId))!);
      outbox.add(rooms.hq, 'post:letters', row);
      return row;
    });
    await rm(postFiles(this.settings.lettersDir, batchId).dir, { recursive: true, force: true });
    return batch;
  }

  /**
   * The PDF or CSV of a finished batch. Both name the people of each household at their address:
   * only HQ gets them, and each download goes to the access log of every person named, in the
   * same transaction (no log, no file).
   */
  async download(
    user: SessionUser,
    batchId: string,
    file: 'pdf' | 'csv',
  ): Promise<{ path: string; size: number }> {
    assertMayMakePostLetters(user);
    const batch = await getBatch(this.db, batchId);
    if (!batch) throw notFound('Letter batch');
    if (batch.status !== 'done') throw postLettersNotReady();
    const files = postFiles(this.settings.lettersDir, batchId);
    const filePath = file === 'pdf' ? files.pdf : files.csv;
    const size = await stat(filePath).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) throw postLettersNotReady();
    await this.db.transaction(async (tx) => {
      await recordAccess(tx, {
        viewer: { id: user.id, role: user.role, residentId: user.residentId },
        subjectResidentIds: await batchRecipientIds(tx, batchId),
        action: 'post_letter_downloaded',
        purpose:
          file === 'pdf' ? 'letters by post: PDF for printing' : 'letters by post: CSV for the mail vendor',
        via: `GET /api/post/batches/:batchId/files/${file}`,
      });
    });
    return { path: filePath, size };
  }
}
