/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields optionally quoted with
 * `"` (a quote inside is doubled). Quoted fields may hold commas and line breaks, so a record can
 * span several physical lines; each record keeps the line it starts on for error reports.
 */
export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedFieldStart = 0;
  let i = 0;

  const endRecord = () => {
    fields.push(field);
    // A blank physical line is not a record with one empty field.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };

  while (i < input.length) {
    const ch = input[i];
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        const next = input[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(line, 'unexpected character after closing quote');
        }
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      quotedFieldStart = line;
      i += 1;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(quotedFieldStart, 'unterminated quoted field');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Records as objects keyed by the header row; `line` is kept for error reports. */
export function parseCsvWithHeader(text: string): {
  header: string[];
  rows: { line: number; values: Record<string, string> }[];
} {
  const [headerRecord, ...records] = parseCsv(text);
  if (!headerRecord) return { header: [], rows: [] };
  const header = headerRecord.fields.map((name) => name.trim());
  const rows = records.map((record) => {
    const values: Record<string, string> = {};
    header.forEach((name, index) => {
      values[name] = record.fields[index] ?? '';
    });
    return { line: record.line, values };
  });
  return { header, rows };
}
