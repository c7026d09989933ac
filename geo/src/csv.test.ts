import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, parseCsvWithHeader } from './csv.js';

describe('parseCsv', () => {
  it('splits plain fields and records, LF or CRLF', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const records = parseCsv(
      'id,capacity\n1,"屋内1,371人／屋外5,470人"\n2,"say ""hi"""\n3,"two\nlines"\n4,x\n',
    );
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'capacity'],
      ['1', '屋内1,371人／屋外5,470人'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
      ['4', 'x'],
    ]);
    // The record after a two-line field starts two physical lines later.
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('drops a byte-order mark and blank lines, keeps empty fields', () => {
    expect(parseCsv('\ufeffa,,c\n\n,\n').map((r) => r.fields)).toEqual([
      ['a', '', 'c'],
      ['', ''],
    ]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(() => parseCsv('a\n"open,\nstill open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open,\nstill open')).toThrow(/line 2/);
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/after closing quote/);
  });

  it('maps rows onto the header', () => {
    const { header, rows } = parseCsvWithHeader('ID,名称\nCC1,"七尾, 中学校"\nCC2');
    expect(header).toEqual(['ID', '名称']);
    expect(rows).toEqual([
      { line: 2, values: { ID: 'CC1', 名称: '七尾, 中学校' } },
      { line: 3, values: { ID: 'CC2', 名称: '' } },
    ]);
  });
});
