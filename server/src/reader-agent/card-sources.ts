import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

/** One card as read: its UID and, for simulations, the time it was tapped. */
export interface CardRead {
  cardUid: string;
  tappedAt?: string;
}

export type ParsedLine = { read: CardRead } | { error: string } | null;

const isoTime = z.iso.datetime({ offset: true });

/**
 * One tap per line: `UID` or `UID,ISO-time`. UIDs are hex; the colons, dashes and spaces some
 * readers print between bytes are dropped. Blank lines and `#` comments are skipped (null).
 */
export function parseTapLine(line: string): ParsedLine {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return null;
  const [rawUid = '', rawTime, ...rest] = text.split(',').map((part) => part.trim());
  if (rest.length > 0) return { error: 'expected UID or UID,ISO-time' };
  const cardUid = rawUid.replace(/[:\-\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8,32}$/.test(cardUid)) return { error: 'card UID must be 8 to 32 hex digits' };
  if (rawTime === undefined) return { read: { cardUid } };
  if (!isoTime.safeParse(rawTime).success)
    return { error: 'tap time must be ISO 8601 with a time zone, e.g. 2024-01-01T09:00:00+09:00' };
  return { read: { cardUid, tappedAt: rawTime } };
}

export interface LineSourceOptions {
  onRead(read: CardRead): void;
  onBadLine(lineNumber: number, error: string): void;
  /** Taps per second; undefined reads as fast as the agent takes them. */
  rate?: number;
}

/** Reads taps from a stream of lines (stdin, a keyboard-wedge reader, or a file) until it ends. */
export async function readLines(input: Readable, options: LineSourceOptions): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    const parsed = parseTapLine(line);
    if (!parsed) continue;
    if ('error' in parsed) {
      options.onBadLine(lineNumber, parsed.error);
      continue;
    }
    options.onRead(parsed.read);
    if (options.rate) await sleep(1000 / options.rate);
  }
}

export function readTapFile(file: string, options: LineSourceOptions): Promise<void> {
  return readLines(createReadStream(file, 'utf8'), options);
}
