import { parseCsvWithHeader, CsvSyntaxError } from '@geo/src/csv.js';
import { bboxContains } from '@geo/src/geometry.js';
import { ISHIKAWA_BBOX } from '@geo/src/ishikawa.js';
import { parseCapacityText, type Capacity } from './capacity.js';
import type { ParseResult, Rejection } from './import-result.js';

export const NANAO_MUNICIPALITY_CODE = '17202';

export interface NanaoReferenceRow {
  line: number;
  id: string;
  name: string;
  lon: number;
  lat: number;
  capacity: Capacity;
}

const REQUIRED_COLUMNS = ['ID', '名称', '所在地_全国地方公共団体コード', '緯度', '経度', '想定収容人数'];

function parseCoordinate(value: string): number | null {
  const trimmed = value.normalize('NFKC').trim();
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Nanao city's shelter reference list (CSV, UTF-8, header row) with capacities as free text. */
export function parseNanaoReference(text: string, source: string): ParseResult<NanaoReferenceRow> {
  let table: ReturnType<typeof parseCsvWithHeader>;
  try {
    table = parseCsvWithHeader(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { accepted: [], rejected: [{ source, row: error.line, reason: error.message }] };
    throw error;
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !table.header.includes(column));
  if (missing.length > 0) {
    return {
      accepted: [],
      rejected: [{ source, row: 1, reason: `missing column(s): ${missing.join(', ')}` }],
    };
  }
  const accepted: NanaoReferenceRow[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  for (const { line, values } of table.rows) {
    const reject = (reason: string) => rejected.push({ source, row: line, reason });
    const v = (column: string) => (values[column] ?? '').trim();
    const id = v('ID');
    const name = v('名称');
    if (id === '') {
      reject('empty ID');
      continue;
    }
    if (seen.has(id)) {
      reject(`duplicate ID ${id}`);
      continue;
    }
    if (name === '') {
      reject('empty name');
      continue;
    }
    if (!v('所在地_全国地方公共団体コード').startsWith(NANAO_MUNICIPALITY_CODE)) {
      reject(`municipality code ${v('所在地_全国地方公共団体コード') || '(empty)'} is not Nanao`);
      continue;
    }
    const lat = parseCoordinate(v('緯度'));
    const lon = parseCoordinate(v('経度'));
    if (lat === null || lon === null) {
      reject('latitude/longitude missing or not a number');
      continue;
    }
    if (!bboxContains(ISHIKAWA_BBOX, lon, lat)) {
      reject(`location ${lon},${lat} lies outside Ishikawa`);
      continue;
    }
    const capacity = parseCapacityText(v('想定収容人数'));
    if (!capacity.ok) {
      reject(capacity.reason);
      continue;
    }
    seen.add(id);
    accepted.push({ line, id, name, lon, lat, capacity: capacity.capacity });
  }
  return { accepted, rejected };
}
