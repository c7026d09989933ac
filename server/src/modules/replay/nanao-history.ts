import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCsvWithHeader } from '@geo/src/csv.js';

/**
 * Nanao city's published occupancy snapshots of 2024 (geo/data/nanao-2024/history): one CSV per
 * snapshot, one row per open shelter, column 4 (`人数` or `人数_…時点`) = people there at that time.
 * The snapshot time comes from the file name (`…_2024-01-09-1800.csv`, Japan time).
 */
export interface HistoryShelter {
  /** The city's ID: `CC…` for listed shelters, `NEW…` for places opened during the disaster. */
  id: string;
  name: string;
  lon: number;
  lat: number;
}

export interface HistorySnapshot {
  /** `2024-01-09-1800`, as in the file name. */
  label: string;
  at: Date;
  /** People per shelter ID at that time. */
  counts: Map<string, number>;
  total: number;
}

export interface NanaoHistory {
  snapshots: HistorySnapshot[];
  /** Every shelter that appears in any snapshot, first appearance kept. */
  shelters: HistoryShelter[];
}

export const DEFAULT_HISTORY_DIR = path.resolve(
  import.meta.dirname,
  '../../../../geo/data/nanao-2024/history',
);

const FILE_PATTERN = /_(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})\.csv$/;

function snapshotTime(file: string): { label: string; at: Date } | undefined {
  const m = FILE_PATTERN.exec(file);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  return { label: `${y}-${mo}-${d}-${h}${mi}`, at: new Date(`${y}-${mo}-${d}T${h}:${mi}:00+09:00`) };
}

function parseCount(raw: string, where: string): number {
  const count = Number(raw.normalize('NFKC').replace(/[,\s]/g, ''));
  if (!Number.isSafeInteger(count) || count < 0)
    throw new Error(`${where}: people count "${raw}" is not a count`);
  return count;
}

/** Parses one snapshot file's text. Columns are found by header name: later files add `時点`. */
export function parseSnapshot(
  text: string,
  file: string,
): { snapshot: HistorySnapshot; shelters: HistoryShelter[] } {
  const time = snapshotTime(file);
  if (!time) throw new Error(`${file}: file name carries no snapshot time`);
  const { header, rows } = parseCsvWithHeader(text);
  const countColumn = header[3];
  if (!countColumn?.startsWith('人数'))
    throw new Error(`${file}: column 4 is "${countColumn ?? ''}", expected 人数…`);
  const counts = new Map<string, number>();
  const shelters: HistoryShelter[] = [];
  for (const { line, values } of rows) {
    const id = (values.ID ?? '').trim();
    if (id === '') continue;
    const where = `${file}:${line}`;
    if (counts.has(id)) throw new Error(`${where}: shelter ${id} appears twice`);
    counts.set(id, parseCount(values[countColumn] ?? '', where));
    const lat = Number(values['緯度']);
    const lon = Number(values['経度']);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new Error(`${where}: no coordinates for ${id}`);
    shelters.push({ id, name: (values['名称'] ?? '').trim(), lon, lat });
  }
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { snapshot: { ...time, counts, total }, shelters };
}

export async function loadNanaoHistory(dir = DEFAULT_HISTORY_DIR): Promise<NanaoHistory> {
  const files = (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort();
  const snapshots: HistorySnapshot[] = [];
  const shelters = new Map<string, HistoryShelter>();
  for (const file of files) {
    const parsed = parseSnapshot(await readFile(path.join(dir, file), 'utf8'), file);
    snapshots.push(parsed.snapshot);
    for (const shelter of parsed.shelters) if (!shelters.has(shelter.id)) shelters.set(shelter.id, shelter);
  }
  snapshots.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { snapshots, shelters: [...shelters.values()] };
}

/** The most people inside at once over these snapshots: how many residents a replay needs. */
export function peakOccupancy(snapshots: HistorySnapshot[]): number {
  return snapshots.reduce((peak, s) => Math.max(peak, s.total), 0);
}

/**
 * Picks snapshots by 1-based position or by label prefix (`2024-03`, `2024-01-13-0600`): `from`
 * takes the first match, `to` the last.
 */
export function selectSnapshots(snapshots: HistorySnapshot[], from?: string, to?: string): HistorySnapshot[] {
  const find = (key: string, last: boolean): number => {
    if (/^\d{1,3}$/.test(key)) {
      const index = Number(key) - 1;
      if (index < 0 || index >= snapshots.length)
        throw new Error(`snapshot ${key} is out of 1..${snapshots.length}`);
      return index;
    }
    const matches = snapshots.flatMap((s, i) => (s.label.startsWith(key) ? [i] : []));
    if (matches.length === 0) throw new Error(`no snapshot label starts with "${key}"`);
    return last ? matches[matches.length - 1]! : matches[0]!;
  };
  const start = from ? find(from, false) : 0;
  const end = to ? find(to, true) : snapshots.length - 1;
  if (end < start) throw new Error('--to is before --from');
  return snapshots.slice(start, end + 1);
}
