import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tapSchema } from '@contract/checkins/reader.protocol.js';

export type QueuedTap = z.output<typeof tapSchema>;

const JOURNAL_FILE = 'journal.jsonl';
/** Rewrite the journal once this many acknowledged records have piled up behind a long backlog. */
const COMPACT_AFTER_ACKS = 10_000;

const journalRecord = z.discriminatedUnion('type', [
  tapSchema.extend({ type: z.literal('tap') }),
  z.strictObject({ type: z.literal('ack'), eventId: z.uuid(), outcome: z.string() }),
]);

export interface JournalRecovery {
  /** Bytes dropped from the end: a record torn by a crash or power loss mid-write. */
  tornBytes: number;
  /** Complete lines in the middle that could not be read (should never happen; reported, not fatal). */
  unreadableLines: number;
}

/**
 * The reader's durable queue: an append-only journal of JSON lines, `tap` records and `ack`
 * records by eventId, fsynced on every append. A tap is only shown as saved after its record is
 * on disk, and only forgotten after the server acknowledged it. The journal is truncated when
 * everything in it is acknowledged. A crash can at worst tear the last line, which was never
 * confirmed to anyone, so it is dropped on the next open.
 */
export class TapQueue {
  private readonly pendingTaps = new Map<string, QueuedTap>();
  private ackRecords = 0;

  private constructor(
    readonly dir: string,
    private fd: number,
    readonly recovery: JournalRecovery,
    private readonly compactAfterAcks: number,
  ) {}

  static open(dir: string, options: { compactAfterAcks?: number } = {}): TapQueue {
    const absolute = path.resolve(dir);
    ensureDurableDir(absolute);
    const file = path.join(absolute, JOURNAL_FILE);
    rmSync(`${file}.tmp`, { force: true }); // a compaction that crashed before its rename
    const existed = existsSync(file);
    const fd = openSync(file, 'a+', 0o600); // card UIDs: readable by the agent's user only
    if (!existed) {
      fsyncSync(fd);
      fsyncDir(absolute);
    }
    const { records, validBytes, unreadableLines, totalBytes } = readJournal(readFileSync(file));
    if (validBytes < totalBytes) {
      // Cut the torn tail so the next append starts on a clean line.
      ftruncateSync(fd, validBytes);
      fsyncSync(fd);
    }
    const recovery = { tornBytes: totalBytes - validBytes, unreadableLines };
    const queue = new TapQueue(absolute, fd, recovery, options.compactAfterAcks ?? COMPACT_AFTER_ACKS);
    for (const record of records) {
      if (record.type === 'tap') {
        const { type: _type, ...tap } = record;
        if (!queue.pendingTaps.has(tap.eventId)) queue.pendingTaps.set(tap.eventId, tap);
      } else {
        queue.pendingTaps.delete(record.eventId);
        queue.ackRecords += 1;
      }
    }
    if (queue.pendingTaps.size === 0 && validBytes > 0) queue.truncate();
    return queue;
  }

  /** Un-acknowledged taps in the order they were read. */
  pending(): QueuedTap[] {
    return [...this.pendingTaps.values()];
  }

  get size(): number {
    return this.pendingTaps.size;
  }

  /** Returns once the tap is on disk; only then may it be shown as accepted. */
  append(tap: QueuedTap): void {
    const parsed = tapSchema.parse(tap);
    if (this.pendingTaps.has(parsed.eventId)) return;
    this.write(`${JSON.stringify({ type: 'tap', ...parsed })}\n`);
    this.pendingTaps.set(parsed.eventId, parsed);
  }

  /** Forgets taps the server has answered. Unknown ids are ignored. */
  ack(results: ReadonlyArray<{ eventId: string; outcome: string }>): void {
    const known = results.filter((result) => this.pendingTaps.has(result.eventId));
    if (known.length === 0) return;
    this.write(
      known
        .map((r) => `${JSON.stringify({ type: 'ack', eventId: r.eventId, outcome: r.outcome })}\n`)
        .join(''),
    );
    for (const result of known) this.pendingTaps.delete(result.eventId);
    this.ackRecords += known.length;
    if (this.pendingTaps.size === 0) this.truncate();
    else if (this.ackRecords >= this.compactAfterAcks) this.rewrite();
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(text: string): void {
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset);
    fsyncSync(this.fd);
  }

  /** Everything is acknowledged: an empty journal says the same in zero bytes. */
  private truncate(): void {
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    this.ackRecords = 0;
  }

  /** Keeps only the pending taps: write a new journal beside the old one, then rename over it. */
  private rewrite(): void {
    const file = path.join(this.dir, JOURNAL_FILE);
    const tmp = openSync(`${file}.tmp`, 'w', 0o600);
    const text = this.pending()
      .map((tap) => `${JSON.stringify({ type: 'tap', ...tap })}\n`)
      .join('');
    writeSync(tmp, text);
    fsyncSync(tmp);
    closeSync(tmp);
    closeSync(this.fd);
    renameSync(`${file}.tmp`, file);
    fsyncDir(this.dir);
    this.fd = openSync(file, 'a+', 0o600);
    this.ackRecords = 0;
  }
}

function readJournal(data: Buffer) {
  const records: z.output<typeof journalRecord>[] = [];
  let validBytes = 0;
  let unreadableLines = 0;
  let unreadableSinceValid = 0;
  let start = 0;
  for (let end = data.indexOf(0x0a, start); end !== -1; end = data.indexOf(0x0a, start)) {
    const line = data.subarray(start, end).toString('utf8').trim();
    start = end + 1;
    if (line === '') continue;
    const record = parseRecord(line);
    if (record) {
      records.push(record);
      validBytes = start;
      unreadableLines += unreadableSinceValid;
      unreadableSinceValid = 0;
    } else {
      unreadableSinceValid += 1;
    }
  }
  // Unreadable lines after the last good one are the torn tail (e.g. zero-filled blocks after a
  // power cut) and are cut off with any partial line without a newline.
  return { records, validBytes, unreadableLines, totalBytes: data.length };
}

function parseRecord(line: string) {
  try {
    const parsed = journalRecord.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the directory and makes its entry durable in the parent. */
export function ensureDurableDir(dir: string): void {
  if (existsSync(dir)) return;
  ensureDurableDir(path.dirname(dir));
  mkdirSync(dir, { mode: 0o700 });
  fsyncDir(path.dirname(dir));
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there; NTFS journals metadata
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
