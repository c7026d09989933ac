import { createHash, randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import type { CreateLetterBatch, LetterBatch } from '@contract/enrolment/letters.schema.js';
import type { Database } from '../../../db/database.js';
import { notFound } from '../../../http/errors.js';
import { assertMayManageEnrolmentLetters } from '../../../policies/index.js';
import { rooms } from '../../../realtime/events.js';
import type { RealtimeServer } from '../../../realtime/socket-server.js';
import { transactionWithEvents } from '../../../realtime/transaction.js';
import { recordAccess } from '../../audit/record-access.js';
import type { SessionUser } from '../../auth/auth.types.js';
import { letterFiles } from './letter-files.js';
import type { JobEngine } from '../../jobs/job-engine.js';
import { lettersEmpty, lettersNotCancellable, lettersNotReady } from './letters.errors.js';
import { queueLetterBatch } from './letters.job.js';
import { presentBatch } from './letters.present.js';
import {
  finishBatch,
  findLiveBatch,
  getBatch,
  insertBatch,
  insertLetters,
  listBatches,
  recordDownload,
  revokeBatchCodes,
} from './letters.queries.js';

/** Keys in a fixed order at every depth, so that the same request always hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

/**
 * Letter batches at HQ: creating one fixes its letters and queues its job (the worker issues
 * the codes), an identical
 * request returns the batch already there, cancelling revokes the codes it printed, and the PDF and
 * CSV are served to HQ with each download recorded.
 */
export class LetterService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly settings: { minAge: number; lettersDir: string },
    private readonly jobs: JobEngine,
  ) {}

  async create(user: SessionUser, request: CreateLetterBatch): Promise<LetterBatch & { existing: boolean }> {
    assertMayManageEnrolmentLetters(user);
    const key = createHash('sha256')
      .update(
        JSON.stringify(
          canonical({
            per: request.per,
            targeting: request.targeting,
            replaceOpenCodes: request.replaceOpenCodes,
            includeEnrolled: request.includeEnrolled,
          }),
        ),
      )
      .digest('hex');
    if (!request.force) {
      const existing = await findLiveBatch(this.db, key);
      if (existing) return { ...presentBatch(existing), existing: true };
    }
    // A forced batch gets a key of its own; a later plain request still finds the first one.
    const requestKey = request.force
      ? createHash('sha256').update(`${key}:${randomUUID()}`).digest('hex')
      : key;
    try {
      const batch = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
        const id = await insertBatch(tx, {
          createdBy: user.id,
          per: request.per,
          targeting: request.targeting,
          replaceOpenCodes: request.replaceOpenCodes,
          includeEnrolled: request.includeEnrolled,
          requestKey,
        });
        const letters = await insertLetters(tx, { id, ...request, minAge: this.settings.minAge });
        if (letters === 0) throw lettersEmpty();
        // Committed with the batch: no batch without its job, no job for a batch rolled back.
        await queueLetterBatch(this.jobs, id, this.jobs.within(tx));
        const row = presentBatch((await getBatch(tx, id))!);
        outbox.add(rooms.hq, 'enrolment:letters', row);
        return row;
      });
      return { ...batch, existing: false };
    } catch (error) {
      // The same request from two operators at once: the other one's batch is the answer.
      if (!isUniqueViolation(error)) throw error;
      const existing = await findLiveBatch(this.db, key);
      if (!existing) throw error;
      return { ...presentBatch(existing), existing: true };
    }
  }

  async list(user: SessionUser): Promise<LetterBatch[]> {
    assertMayManageEnrolmentLetters(user);
    return (await listBatches(this.db, 50)).map(presentBatch);
  }

  async get(user: SessionUser, batchId: string): Promise<LetterBatch> {
    assertMayManageEnrolmentLetters(user);
    const batch = await getBatch(this.db, batchId);
    if (!batch) throw notFound('Letter batch');
    return presentBatch(batch);
  }

  /**
   * Stops a waiting or running batch and revokes every code it issued that is still open (the
   * letters will not be sent). The worker sees the status at its next chunk and stops.
   */
  async cancel(user: SessionUser, batchId: string): Promise<LetterBatch> {
    assertMayManageEnrolmentLetters(user);
    const batch = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const locked = await getBatch(tx, batchId, true);
      if (!locked) throw notFound('Letter batch');
      if (locked.status !== 'pending' && locked.status !== 'running') throw lettersNotCancellable();
      await finishBatch(tx, batchId, 'cancelled');
      const people = await revokeBatchCodes(tx, batchId, user.id);
      await recordAccess(tx, {
        viewer: { id: user.id, role: user.role, residentId: user.residentId },
        subjectResidentIds: people,
        action: 'enrolment_code_revoked',
        purpose: 'enrolment letter batch cancelled',
        via: 'POST /api/enrolment/letters/:batchId/cancel',
      });
      const row = presentBatch((await getBatch(tx, batchId))!);
      outbox.add(rooms.hq, 'enrolment:letters', row);
      return row;
    });
    await rm(letterFiles(this.settings.lettersDir, batchId).dir, { recursive: true, force: true });
    return batch;
  }

  /**
   * The PDF or CSV of a finished batch. Both carry codes in clear: only HQ gets them, and each
   * download is recorded (one row naming the batch, the file and who took it).
   */
  async download(
    user: SessionUser,
    batchId: string,
    file: 'pdf' | 'csv',
  ): Promise<{ path: string; size: number }> {
    assertMayManageEnrolmentLetters(user);
    const batch = await getBatch(this.db, batchId);
    if (!batch) throw notFound('Letter batch');
    if (batch.status !== 'done') throw lettersNotReady();
    const files = letterFiles(this.settings.lettersDir, batchId);
    const filePath = file === 'pdf' ? files.pdf : files.csv;
    const size = await stat(filePath).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) throw lettersNotReady();
    await recordDownload(this.db, { batchId, userId: user.id, file });
    return { path: filePath, size };
  }
}
