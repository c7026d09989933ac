import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseTapLine, readLines, type CardRead } from './card-sources.js';

describe('tap lines', () => {
  it('reads a UID, normalising separators and case, with an optional tap time', () => {
    expect(parseTapLine('04:a2:3b:1c:55:80')).toEqual({ read: { cardUid: '04A23B1C5580' } });
    expect(parseTapLine(' 0123456789ABCDEF , 2024-01-01T09:00:00+09:00 ')).toEqual({
      read: { cardUid: '0123456789ABCDEF', tappedAt: '2024-01-01T09:00:00+09:00' },
    });
  });

  it('skips blanks and comments and explains bad lines', () => {
    expect(parseTapLine('   ')).toBeNull();
    expect(parseTapLine('# shift 2')).toBeNull();
    expect(parseTapLine('xyz')).toEqual({ error: 'card UID must be 8 to 32 hex digits' });
    const errorOf = (line: string) => {
      const parsed = parseTapLine(line);
      return parsed && 'error' in parsed ? parsed.error : undefined;
    };
    expect(errorOf('0123456789AB,yesterday')).toMatch(/^tap time must be ISO 8601 with a time zone/);
    expect(errorOf('0123456789AB,2024-01-01T09:00:00')).toMatch(
      /^tap time must be ISO 8601 with a time zone/,
    );
    expect(parseTapLine('0123456789AB,2024-01-01T09:00:00Z,extra')).toEqual({
      error: 'expected UID or UID,ISO-time',
    });
  });

  it('reads a stream line by line, reporting bad lines by number', async () => {
    const reads: CardRead[] = [];
    const bad: number[] = [];
    await readLines(Readable.from(['0123456789AB\r\nnope\n', '\nABCDEF0123456789\n']), {
      onRead: (read) => reads.push(read),
      onBadLine: (line) => bad.push(line),
    });
    expect(reads.map((r) => r.cardUid)).toEqual(['0123456789AB', 'ABCDEF0123456789']);
    expect(bad).toEqual([2]);
  });
});
