import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.js';

/** Writes records the way a careful exporter does: every field quoted, quotes doubled, CRLF. */
const writeCsv = (records: string[][]) =>
  records.map((fields) => fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',')).join('\r\n');

// Fields made of the characters that matter to a CSV parser, plus any unicode.
const field = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', ',', '\n', '\r', ' ', 'a', '県', '\uFEFF'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
  ),
  maxLength: 12,
});

describe('parseCsv on generated input', () => {
  // A record that is one empty field reads as a blank line, which the parser skips on purpose.
  it('reads back exactly what a quoting writer wrote', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (records) => {
          const meaningful = records.filter((fields) => fields.length > 1 || fields[0] !== '');
          expect(parseCsv(writeCsv(records)).map((record) => record.fields)).toEqual(meaningful);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('either parses any text or throws a CsvSyntaxError naming a line, nothing else', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', 'x', '\uFEFF', '県'), maxLength: 200 }),
        (text) => {
          try {
            for (const record of parseCsv(text)) expect(record.line).toBeGreaterThanOrEqual(1);
          } catch (error) {
            expect(error).toBeInstanceOf(CsvSyntaxError);
            expect((error as CsvSyntaxError).line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('handles a large import in linear time, not quadratic', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [`避難所${i}`, `"quoted, ${i}"`, String(i)]);
    const records = parseCsv(writeCsv(rows));
    expect(records).toHaveLength(50_000);
    expect(records[49_999]?.fields[1]).toBe('"quoted, 49999"');
  });
});
