import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../http/errors.js';
import { ContentInspector, EXTENSIONS, type AttachmentType, type ContentProblem } from './content-type.js';

export interface StagedFile {
  tempPath: string;
  type: AttachmentType;
  sizeBytes: number;
  sha256: string;
}

const PROBLEM_MESSAGES: Record<ContentProblem, string> = {
  unsupported_type: 'Only JPEG, PNG, HEIC photos and PDF scans are accepted (checked by content, not name).',
  polyglot: 'The file carries content of another type inside it and was refused.',
  truncated: 'The file is incomplete or damaged.',
};

export const tooLarge = (maxBytes: number) =>
  new AppError(413, 'attachment_too_large', `Attachments may be at most ${maxBytes} bytes.`, { maxBytes });

/** What storageKeyFor makes: `ab/ab…-uuid.ext` in one of 256 shard folders. */
const SHARD = /^[0-9a-f]{2}$/;
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|heic|pdf)$/;

/** A folder or file that is not there (yet, or any more) is an empty answer, not a failure. */
const ifMissing =
  <T>(fallback: T) =>
  (error: unknown): T => {
    if ((error as { code?: unknown } | null)?.code === 'ENOENT') return fallback;
    throw error;
  };

const STORE_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const STORE_UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'EIO', 'EISDIR']);

/**
 * The folder being full or not writable is the server's state, not the upload's fault: say so with
 * a stable id (507 / 503) instead of an anonymous 500, so clients and operators know what to do.
 */
function fromStorageFailure(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (STORE_FULL.has(code)) {
    return new AppError(
      507,
      'attachment_store_full',
      'The attachment store is full; nothing was saved. Try again later.',
    );
  }
  if (STORE_UNWRITABLE.has(code)) {
    return new AppError(
      503,
      'attachment_store_unavailable',
      'The attachment store cannot be written right now; nothing was saved. Try again later.',
    );
  }
  return error;
}

/**
 * Attachments as files under one folder. An upload streams to a temp file in `tmp/` while its size,
 * SHA-256 and type (by content) are checked; only a file that passed is renamed into place, and the
 * rename happens inside the transaction that writes its row, so a failure leaves neither.
 */
export class AttachmentStore {
  constructor(
    readonly root: string,
    readonly maxBytes: number,
  ) {}

  private get tempDir() {
    return path.join(this.root, 'tmp');
  }

  /** Streams `source` to a temp file; throws (and removes the temp file) on any problem. */
  async stage(source: Readable, declaredLength: number | undefined): Promise<StagedFile> {
    if (declaredLength !== undefined && declaredLength > this.maxBytes) throw tooLarge(this.maxBytes);
    await mkdir(this.tempDir, { recursive: true }).catch((error: unknown) => {
      throw fromStorageFailure(error);
    });
    const tempPath = path.join(this.tempDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const inspector = new ContentInspector();
    const out = createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
    // A write error (disk full) is raised by the awaits below; this keeps it from being unhandled.
    out.on('error', () => undefined);
    let size = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) throw tooLarge(this.maxBytes);
        const problem = inspector.push(chunk);
        if (problem) throw new AppError(415, `attachment_${problem}`, PROBLEM_MESSAGES[problem]);
        hash.update(chunk);
        // once() rejects on 'error': a failing disk ends the upload instead of waiting forever.
        if (!out.write(chunk)) await once(out, 'drain');
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      if (size === 0) throw new AppError(400, 'attachment_empty', 'The file is empty.');
      const verdict = inspector.finish();
      if ('problem' in verdict) {
        throw new AppError(415, `attachment_${verdict.problem}`, PROBLEM_MESSAGES[verdict.problem]);
      }
      return { tempPath, type: verdict.type, sizeBytes: size, sha256: hash.digest('hex') };
    } catch (error) {
      // The file is opened asynchronously: removing it before the stream has closed could let a
      // late open create it again, an orphan. Close first, then remove.
      if (!out.closed) {
        await new Promise<void>((resolve) => {
          out.once('close', () => resolve());
          out.destroy();
        });
      }
      await rm(tempPath, { force: true });
      throw fromStorageFailure(error);
    }
  }

  /** Where a stored file goes: spread over 256 folders so none grows huge. */
  storageKeyFor(id: string, type: AttachmentType): string {
    return path.posix.join(id.slice(0, 2), `${id}.${EXTENSIONS[type]}`);
  }

  async place(staged: StagedFile, storageKey: string): Promise<void> {
    const target = this.resolve(storageKey);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(staged.tempPath, target);
    } catch (error) {
      throw fromStorageFailure(error);
    }
  }

  async discard(staged: StagedFile, storageKey?: string): Promise<void> {
    await rm(staged.tempPath, { force: true });
    if (storageKey) await rm(this.resolve(storageKey), { force: true });
  }

  async open(storageKey: string): Promise<{ stream: ReadStream; size: number }> {
    const file = this.resolve(storageKey);
    const { size } = await stat(file);
    return { stream: createReadStream(file), size };
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.resolve(storageKey), { force: true });
  }

  /**
   * Stored files last changed before `before`, as storage keys, one shard folder at a time (the
   * sweep checks each folder's keys against the database before reading the next).
   */
  async *storedKeysOlderThan(before: Date): AsyncGenerator<string[]> {
    const shards = await readdir(this.root, { withFileTypes: true }).catch(ifMissing([]));
    for (const shard of shards) {
      if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
      const keys: string[] = [];
      for (const name of await readdir(path.join(this.root, shard.name)).catch(ifMissing([]))) {
        if (!STORED_NAME.test(name)) continue;
        const key = path.posix.join(shard.name, name);
        const changed = await stat(this.resolve(key)).then((s) => s.mtime, ifMissing(null));
        if (changed && changed < before) keys.push(key);
      }
      if (keys.length > 0) yield keys;
    }
  }

  /** Uploads that never finished (the process died while streaming): their temp files. */
  async removeTempFilesOlderThan(before: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tempDir).catch(ifMissing([]))) {
      if (!name.endsWith('.part')) continue;
      const file = path.join(this.tempDir, name);
      const changed = await stat(file).then((s) => s.mtime, ifMissing(null));
      if (!changed || changed >= before) continue;
      await rm(file, { force: true });
      removed += 1;
    }
    return removed;
  }

  private resolve(storageKey: string): string {
    const file = path.resolve(this.root, storageKey);
    // Keys are made by storageKeyFor; this guards against a row that was tampered with.
    if (!file.startsWith(path.resolve(this.root) + path.sep))
      throw new Error('storage key escapes the folder');
    return file;
  }
}
