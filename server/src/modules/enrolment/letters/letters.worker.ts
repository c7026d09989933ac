import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import type { Database, Queryable } from '../../../db/database.js';
import type { Logger } from '../../../logger.js';
import { rooms } from '../../../realtime/events.js';
import type { RealtimeServer } from '../../../realtime/socket-server.js';
import { transactionWithEvents } from '../../../realtime/transaction.js';
import { recordAccess } from '../../audit/record-access.js';
import type { UserRole } from '../../auth/auth.types.js';
import { todayInJapan } from '../../notices/notices.targeting.js';
import { nodeLabel } from '../../jobs/node-label.js';
import { generateEnrolmentCode, hashEnrolmentCode, normaliseEnrolmentCode } from '../enrolment-code.js';
import type { LetterRecord } from './letter.types.js';
import { letterFiles } from './letter-files.js';
import { CSV_BOM, CSV_HEADER, csvLine, letterCsvLine } from './letters.csv.js';
import { LetterPdf } from './letters.pdf.js';
import { presentBatch } from './letters.present.js';
import {
  chunkRecipients,
  claimBatch,
  releaseBatch,
  commitChunkProgress,
  finishBatch,
  getBatch,
  insertLetterCodes,
  revokeBatchCodes,
  revokeCodes,
  type BatchRow,
  type RecipientRow,
} from './letters.queries.js';

export interface LetterWorkerSettings {
  /** ENROLMENT_LETTERS_DIR resolved. */
  lettersDir: string;
  /** PUBLIC_BASE_URL (or http://localhost:PORT): the address printed and in the QR codes. */
  portalBase: string;
  codeDays: number;
  minAge: number;
  /** Letters per committed chunk. */
  chunkSize: number;
  /** A node that has not committed a chunk for this long is taken to be gone. */
  leaseSeconds: number;
  node?: string;
}

export interface LetterWorkerHooks {
  /** Called after each committed and rendered chunk (the crash test throws from here). */
  afterChunk?: (batchId: string, lettersDone: number) => void;
}

/**
 * How a run on a batch ended: `not-claimed` when another node holds it or it is finished, `paused`
 * when this node stopped mid-batch and handed it back.
 */
export interface LetterRun {
  letters: number;
  outcome: 'done' | 'paused' | 'cancelled' | 'failed' | 'not-claimed';
}

/** Rendered pages waiting in memory before the worker waits for the disk (bounded memory). */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

/** The file's size, or -1 when there is no file. */
const sizeOf = (file: string) =>
  stat(file).then(
    (s) => s.size,
    () => -1,
  );

interface Creator {
  id: string;
  role: UserRole;
  residentId: string | null;
}

interface Output {
  pdf: LetterPdf;
  pdfOut: WriteStream;
  csvOut: WriteStream;
}

/**
 * Works through letter batches: claims one (SKIP LOCKED, with a lease), and for each chunk of
 * letters, in one transaction, issues the codes (hashes only), logs them in each person's access
 * log, appends the letters to the batch's journal (fsynced before the commit) and commits the
 * progress; then renders the chunk's pages into the PDF and rows into the CSV as it goes.
 *
 * A node that stops mid-batch leaves committed chunks behind. The next claim cuts the journal
 * back to what was committed, renders those letters again from it (the same codes: no second
 * code for anyone) and continues with the next chunk.
 */
export class LetterWorker {
  private readonly node: string;

  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly logger: Logger,
    private readonly settings: LetterWorkerSettings,
    private readonly hooks: LetterWorkerHooks = {},
  ) {
    this.node = settings.node ?? nodeLabel();
  }

  /**
   * Works on one batch if no other node is: resolves to the letters processed and how the run
   * ended. When `stop` is aborted (the node shuts down) the batch is left after its current chunk,
   * as a crash would leave it, and handed back (`paused`) for the next node.
   */
  async runBatch(batchId: string, stop?: AbortSignal): Promise<LetterRun> {
    if (stop?.aborted) return { letters: 0, outcome: 'not-claimed' };
    const batch = await claimBatch(this.db, batchId, this.node, this.settings.leaseSeconds);
    if (!batch) return { letters: 0, outcome: 'not-claimed' };
    return this.run(batch, stop);
  }

  private async run(batch: BatchRow, stop?: AbortSignal): Promise<LetterRun> {
    const startedAt = Date.now();
    const before = batch.letters_done;
    const files = letterFiles(this.settings.lettersDir, batch.id);
    await mkdir(files.dir, { recursive: true });
    const creator = await this.creatorOf(batch);
    const journalBytes = Number(batch.journal_bytes);
    if (journalBytes > 0 && (await sizeOf(files.journal)) < journalBytes) {
      await this.journalLost(batch, creator);
      return { letters: 0, outcome: 'failed' };
    }
    const output = await this.openOutput(batch);
    await this.replayJournal(files.journal, journalBytes, output);
    const journal = await open(files.journal, 'a');
    try {
      const outcome = await this.issueChunks(batch, creator, journal, journalBytes, output, stop);
      if (outcome === 'paused') {
        // The files stay as they are; the next node rebuilds them from the journal.
        await releaseBatch(this.db, batch.id, this.node);
        this.logger.info({ batch: batch.id }, 'letters: batch handed back (node stopping)');
        return { letters: 0, outcome: 'paused' };
      }
      if (outcome === 'cancelled') {
        output.pdf.doc.end();
        output.csvOut.end();
        await Promise.allSettled([finished(output.pdfOut), finished(output.csvOut)]);
        await rm(files.dir, { recursive: true, force: true });
        this.logger.info({ batch: batch.id }, 'letters: batch stopped (cancelled)');
        return { letters: 0, outcome: 'cancelled' };
      }
    } finally {
      await journal.close();
    }
    output.pdf.doc.end();
    output.csvOut.end();
    await Promise.all([finished(output.pdfOut), finished(output.csvOut)]);
    await rename(files.pdfPart, files.pdf);
    await rename(files.csvPart, files.csv);
    await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      await finishBatch(tx, batch.id, 'done');
      outbox.add(rooms.hq, 'enrolment:letters', presentBatch((await getBatch(tx, batch.id))!));
    });
    await rm(files.journal, { force: true });
    const processed = batch.letters_total - before;
    this.logger.info(
      { batch: batch.id, letters: processed, pages: output.pdf.pageCount, ms: Date.now() - startedAt },
      'letters: batch done',
    );
    return { letters: processed, outcome: 'done' };
  }

  private async creatorOf(batch: BatchRow): Promise<Creator> {
    const { rows } = await this.db.query<{ id: string; role: UserRole; resident_id: string | null }>(
      'SELECT id, role, resident_id FROM users WHERE id = $1',
      [batch.created_by],
    );
    const row = rows[0];
    // The access log names who issued each code; a batch whose creator was removed names nobody
    // and cannot go on.
    if (!row) throw new Error('letters: the batch creator no longer exists');
    return { id: row.id, role: row.role, residentId: row.resident_id };
  }

  private async openOutput(batch: BatchRow): Promise<Output> {
    const files = letterFiles(this.settings.lettersDir, batch.id);
    const pdf = await LetterPdf.create(this.settings.portalBase, batch.created_at);
    const pdfOut = createWriteStream(files.pdfPart);
    pdf.doc.pipe(pdfOut);
    const csvOut = createWriteStream(files.csvPart);
    csvOut.write(CSV_BOM + csvLine(CSV_HEADER));
    return { pdf, pdfOut, csvOut };
  }

  /**
   * The letters of committed chunks are gone (the folder was lost or not shared with this node):
   * their codes can never be printed, so they are revoked and the batch fails. HQ creates it again.
   */
  private async journalLost(batch: BatchRow, creator: Creator): Promise<void> {
    await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const people = await revokeBatchCodes(tx, batch.id, creator.id);
      await recordAccess(tx, {
        viewer: creator,
        subjectResidentIds: people,
        action: 'enrolment_code_revoked',
        purpose: 'enrolment letter batch failed',
        via: `enrolment letters ${batch.id}`,
      });
      await finishBatch(tx, batch.id, 'failed', 'letters_journal_lost');
      outbox.add(rooms.hq, 'enrolment:letters', presentBatch((await getBatch(tx, batch.id))!));
    });
    this.logger.error({ batch: batch.id }, 'letters: journal of committed chunks missing; batch failed');
  }

  /** Cuts the journal back to the committed chunks and renders their letters again. */
  private async replayJournal(journalPath: string, committedBytes: number, output: Output): Promise<void> {
    if ((await sizeOf(journalPath)) < 0) return;
    await truncate(journalPath, committedBytes);
    if (committedBytes === 0) return;
    const lines = createInterface({ input: createReadStream(journalPath), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.length === 0) continue;
      await this.render([JSON.parse(line) as LetterRecord], output);
    }
  }

  /**
   * `cancelled` when the batch was cancelled (or taken over) and the work must stop; `paused` when
   * the node is stopping and left it between chunks; `complete` when every letter is issued.
   */
  private async issueChunks(
    batch: BatchRow,
    creator: Creator,
    journal: FileHandle,
    journalBytes: number,
    output: Output,
    stop: AbortSignal | undefined,
  ): Promise<'complete' | 'cancelled' | 'paused'> {
    let bytes = journalBytes;
    for (let from = batch.letters_done + 1; from <= batch.letters_total; from += this.settings.chunkSize) {
      if (stop?.aborted) return 'paused';
      const to = Math.min(batch.letters_total, from + this.settings.chunkSize - 1);
      const letters = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
        const locked = await getBatch(tx, batch.id, true);
        if (!locked || locked.status !== 'running' || locked.node !== this.node) return null;
        const recipients = await chunkRecipients(tx, batch.id, from, to, this.settings.minAge);
        const chunk = await this.issueChunk(tx, batch, creator, recipients);
        const text = chunk.letters.map((letter) => `${JSON.stringify(letter)}\n`).join('');
        await journal.write(text);
        // On disk before the codes are committed: committed codes always have their letter.
        await journal.sync();
        bytes += Buffer.byteLength(text);
        await commitChunkProgress(tx, batch.id, {
          lettersDone: to,
          codes: chunk.codes,
          skipped: chunk.skipped,
          journalBytes: bytes,
          leaseSeconds: this.settings.leaseSeconds,
        });
        outbox.add(rooms.hq, 'enrolment:letters', presentBatch((await getBatch(tx, batch.id))!));
        return chunk.letters;
      });
      if (!letters) return 'cancelled';
      await this.render(letters, output);
      this.hooks.afterChunk?.(batch.id, to);
    }
    return 'complete';
  }

  /**
   * The codes of one chunk. Per recipient: skipped when no longer old enough, when they have an
   * account and the batch does not include enrolled people, or when they hold an open code still
   * valid and the batch does not replace open codes (a code handed over at a counter keeps
   * working). Otherwise their open code, valid or expired, is revoked and a new one issued.
   */
  private async issueChunk(
    tx: Queryable,
    batch: BatchRow,
    creator: Creator,
    recipients: RecipientRow[],
  ): Promise<{ letters: LetterRecord[]; codes: number; skipped: number }> {
    const expiresOn = todayInJapan(Date.now() + this.settings.codeDays * 86_400_000);
    const bySeq = new Map<number, LetterRecord>();
    const revoke: string[] = [];
    const revokedPeople: string[] = [];
    const issued: { residentId: string; codeHash: string; purpose: 'enrol' | 'recovery' }[] = [];
    let skipped = 0;
    for (const row of recipients) {
      const enrolled = row.user_id !== null;
      if (
        !row.old_enough ||
        (enrolled && (!batch.include_enrolled || !row.account_usable)) ||
        (row.open_code_live && !batch.replace_open_codes)
      ) {
        skipped += 1;
        continue;
      }
      if (row.open_code_id) {
        revoke.push(row.open_code_id);
        if (row.open_code_live) revokedPeople.push(row.resident_id);
      }
      const code = generateEnrolmentCode();
      const purpose = enrolled ? 'recovery' : 'enrol';
      issued.push({
        residentId: row.resident_id,
        codeHash: hashEnrolmentCode(normaliseEnrolmentCode(code)!),
        purpose,
      });
      let letter = bySeq.get(row.seq);
      if (!letter) {
        letter = {
          seq: row.seq,
          reference: row.reference,
          municipalityCode: row.municipality_code,
          municipalityName: row.municipality_name,
          address: row.address,
          addressee: row.display_name,
          perHousehold: batch.per === 'household',
          recipients: [],
          expiresOn,
        };
        bySeq.set(row.seq, letter);
      }
      letter.recipients.push({ name: row.display_name, code, recovery: enrolled });
    }
    await revokeCodes(tx, revoke, creator.id);
    await insertLetterCodes(tx, issued, {
      id: batch.id,
      issuedBy: creator.id,
      validDays: this.settings.codeDays,
    });
    const via = `enrolment letters ${batch.id}`;
    if (revokedPeople.length > 0) {
      await recordAccess(tx, {
        viewer: creator,
        subjectResidentIds: revokedPeople,
        action: 'enrolment_code_revoked',
        purpose: 'replaced by an enrolment letter',
        via,
      });
    }
    await recordAccess(tx, {
      viewer: creator,
      subjectResidentIds: issued.map((code) => code.residentId),
      action: 'enrolment_code_issued',
      purpose: 'enrolment letter',
      via,
      includeOwn: true,
    });
    return { letters: [...bySeq.values()], codes: issued.length, skipped };
  }

  private async render(letters: LetterRecord[], output: Output): Promise<void> {
    for (const letter of letters) {
      output.pdf.addLetter(letter);
      output.csvOut.write(letterCsvLine(letter));
    }
    // pdfkit pushes pages into its stream without waiting: wait for the disk when much is queued.
    while (output.pdf.doc.readableLength + output.pdfOut.writableLength > HIGH_WATER_BYTES) {
      await Promise.race([once(output.pdfOut, 'drain'), delay(50)]);
    }
    if (output.csvOut.writableLength > HIGH_WATER_BYTES) await once(output.csvOut, 'drain');
  }
}
