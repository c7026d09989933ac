import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { Database, Queryable } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { Outbox } from '../../realtime/publisher.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import { loadLetterContent, type LetterContent } from './post-content.js';
import { CSV_BOM, postCsvHeader, postCsvLine, postLetterOf, type PostLetter } from './post-letter.js';
import { letterRows } from './post-selection.queries.js';
import { PostLetterPdf } from './post.pdf.js';
import { presentPostBatch } from './post.present.js';
import {
  claimBatch,
  commitProgress,
  finishBatch,
  getBatch,
  releaseBatch,
  sourceOf,
  type PostBatchRow,
} from './post.queries.js';

/** Where a batch's files live: POST_LETTERS_DIR/<batch id>/, shared by the nodes like attachments. */
export function postFiles(lettersDir: string, batchId: string) {
  const dir = path.join(lettersDir, batchId);
  return {
    dir,
    pdfPart: path.join(dir, 'letters.pdf.part'),
    csvPart: path.join(dir, 'letters.csv.part'),
    pdf: path.join(dir, 'letters.pdf'),
    csv: path.join(dir, 'letters.csv'),
  };
}

export interface PostWorkerSettings {
  /** POST_LETTERS_DIR resolved (default DATA_DIR/post-letters). */
  lettersDir: string;
  /** PUBLIC_BASE_URL: the portal's address printed and in the QR code. */
  portalBase: string;
  /** Letters per committed chunk. */
  chunkSize: number;
  /** A node that has not committed a chunk for this long is taken to be gone. */
  leaseSeconds: number;
  /** Claims after which a batch that keeps failing is given up. */
  maxAttempts: number;
  node?: string;
}

export interface PostWorkerHooks {
  /** Called after each committed and rendered chunk (the crash test throws from here). */
  afterChunk?: (batchId: string, lettersDone: number) => void;
}

/** What a run did: `paused` when the node stopped mid-batch and handed it back. */
export type PostRun = 'not-claimed' | 'done' | 'cancelled' | 'paused' | 'failed';

/** Rendered pages waiting in memory before the worker waits for the disk (bounded memory). */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

interface Output {
  pdf: PostLetterPdf;
  pdfOut: WriteStream;
  csvOut: WriteStream;
  csvSource: { kind: 'alert' | 'notice'; id: string; headline: string };
}

/**
 * Works through one batch: claims it (with a lease), and for each chunk of letters commits the
 * progress (an event to HQ after the commit) and renders the chunk's pages into the PDF and rows
 * into the CSV. The letters' list is fixed in the database when the batch is made and their
 * content read from the registry, so a node that stops mid-batch leaves nothing to undo: the
 * next one renders the committed letters again into fresh files and continues with the next
 * chunk. Nothing personal is logged: batch ids and counts only.
 */
export class PostWorker {
  private readonly node: string;

  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly logger: Logger,
    private readonly settings: PostWorkerSettings,
    private readonly hooks: PostWorkerHooks = {},
  ) {
    this.node = settings.node ?? `${os.hostname()}:${process.pid}`;
  }

  /** `stopping()` true: the node is shutting down; the batch is left after the current chunk. */
  async runBatch(batchId: string, stopping: () => boolean = () => false): Promise<PostRun> {
    const batch = await claimBatch(this.db, batchId, this.node, this.settings.leaseSeconds);
    if (!batch) return 'not-claimed';
    if (batch.attempts > this.settings.maxAttempts) {
      await this.fail(batch, 'post_letters_failed');
      return 'failed';
    }
    const content = await loadLetterContent(this.db, sourceOf(batch), this.settings.portalBase);
    if (!content) {
      await this.fail(batch, 'post_source_gone');
      return 'failed';
    }
    const startedAt = Date.now();
    const files = postFiles(this.settings.lettersDir, batch.id);
    await mkdir(files.dir, { recursive: true });
    const output = await this.openOutput(batch, content);
    let outcome: 'complete' | 'cancelled' | 'paused';
    try {
      // Letters of chunks committed before a restart: their pages again, in a fresh file.
      for (let from = 1; from <= batch.letters_done; from += this.settings.chunkSize) {
        const to = Math.min(batch.letters_done, from + this.settings.chunkSize - 1);
        await this.render(await this.letters(this.db, batch.id, from, to), output);
      }
      outcome = await this.chunks(batch, output, stopping);
    } catch (error) {
      await this.close(output).catch(() => undefined);
      throw error;
    }
    await this.close(output);
    if (outcome === 'paused') {
      await releaseBatch(this.db, batch.id, this.node);
      this.logger.info({ batch: batch.id }, 'post letters: batch handed back (node stopping)');
      return 'paused';
    }
    if (outcome === 'cancelled') {
      await rm(files.dir, { recursive: true, force: true });
      this.logger.info({ batch: batch.id }, 'post letters: batch stopped (cancelled)');
      return 'cancelled';
    }
    await rename(files.pdfPart, files.pdf);
    await rename(files.csvPart, files.csv);
    const [pdfBytes, csvBytes] = await Promise.all([stat(files.pdf), stat(files.csv)]);
    const finishedNow = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const locked = await getBatch(tx, batch.id, true);
      // Cancelled between the last chunk and now: its files go.
      if (!locked || locked.status !== 'running' || locked.node !== this.node) return false;
      await finishBatch(tx, batch.id, { status: 'done', pdfBytes: pdfBytes.size, csvBytes: csvBytes.size });
      await this.announce(tx, outbox, batch.id);
      return true;
    });
    if (!finishedNow) {
      await rm(files.dir, { recursive: true, force: true });
      return 'cancelled';
    }
    this.logger.info(
      {
        batch: batch.id,
        letters: batch.letters_total,
        pages: output.pdf.pageCount,
        resumedAt: batch.letters_done,
        ms: Date.now() - startedAt,
      },
      'post letters: batch done',
    );
    return 'done';
  }

  private async chunks(
    batch: PostBatchRow,
    output: Output,
    stopping: () => boolean,
  ): Promise<'complete' | 'cancelled' | 'paused'> {
    for (let from = batch.letters_done + 1; from <= batch.letters_total; from += this.settings.chunkSize) {
      if (stopping()) return 'paused';
      const to = Math.min(batch.letters_total, from + this.settings.chunkSize - 1);
      const letters = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
        const locked = await getBatch(tx, batch.id, true);
        if (!locked || locked.status !== 'running' || locked.node !== this.node) return null;
        const chunk = await this.letters(tx, batch.id, from, to);
        await commitProgress(tx, batch.id, to, this.settings.leaseSeconds);
        await this.announce(tx, outbox, batch.id);
        return chunk;
      });
      if (!letters) return 'cancelled';
      await this.render(letters, output);
      this.hooks.afterChunk?.(batch.id, to);
    }
    return 'complete';
  }

  private async letters(db: Queryable, batchId: string, from: number, to: number): Promise<PostLetter[]> {
    return (await letterRows(db, batchId, from, to)).map(postLetterOf);
  }

  private async announce(tx: Queryable, outbox: Outbox, batchId: string): Promise<void> {
    outbox.add(rooms.hq, 'post:letters', presentPostBatch((await getBatch(tx, batchId))!));
  }

  private async fail(batch: PostBatchRow, errorId: 'post_letters_failed' | 'post_source_gone') {
    await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      await finishBatch(tx, batch.id, { status: 'failed', errorId });
      await this.announce(tx, outbox, batch.id);
    });
    await rm(postFiles(this.settings.lettersDir, batch.id).dir, { recursive: true, force: true });
    this.logger.error(
      { batch: batch.id, error: errorId, attempts: batch.attempts },
      'post letters: batch failed',
    );
  }

  private async openOutput(batch: PostBatchRow, content: LetterContent): Promise<Output> {
    const files = postFiles(this.settings.lettersDir, batch.id);
    const pdf = await PostLetterPdf.create(content, batch.created_at);
    const pdfOut = createWriteStream(files.pdfPart);
    pdf.doc.pipe(pdfOut);
    const csvOut = createWriteStream(files.csvPart);
    csvOut.write(CSV_BOM + postCsvHeader());
    const source = sourceOf(batch);
    return { pdf, pdfOut, csvOut, csvSource: { ...source, headline: content.ja.headline } };
  }

  private async close(output: Output): Promise<void> {
    output.pdf.doc.end();
    output.csvOut.end();
    await Promise.all([finished(output.pdfOut), finished(output.csvOut)]);
  }

  private async render(letters: PostLetter[], output: Output): Promise<void> {
    for (const letter of letters) {
      output.pdf.addLetter(letter);
      output.csvOut.write(postCsvLine(letter, output.csvSource));
    }
    // pdfkit pushes pages into its stream without waiting: wait for the disk when much is queued.
    while (output.pdf.doc.readableLength + output.pdfOut.writableLength > HIGH_WATER_BYTES) {
      await Promise.race([once(output.pdfOut, 'drain'), delay(50)]);
    }
    if (output.csvOut.writableLength > HIGH_WATER_BYTES) await once(output.csvOut, 'drain');
  }
}
