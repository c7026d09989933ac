import { distanceMeters } from '@geo/src/geometry.js';
import type { NanaoReferenceRow } from './nanao.parse.js';
import { sameSiteName } from './site-names.js';

export interface ShelterPoint {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

export interface NanaoMatch {
  row: NanaoReferenceRow;
  shelterId: string;
  distanceM: number;
}

export const NANAO_MATCH_MAX_DISTANCE_M = 300;

/**
 * Pairs each Nanao reference row with the registry shelter of the same name (see `sameSiteName`)
 * within 300 m, closest pair first, each shelter used once. The Nanao list names sites the way
 * the city does ("県立七尾高等学校"), GSI sometimes adds the municipality or drops 県立, and the
 * two sources' points differ by up to a few hundred metres for large grounds.
 */
export function matchNanaoRows(
  rows: NanaoReferenceRow[],
  shelters: ShelterPoint[],
): { matches: NanaoMatch[]; unmatched: NanaoReferenceRow[] } {
  const candidates: NanaoMatch[] = [];
  for (const row of rows) {
    for (const shelter of shelters) {
      const distanceM = distanceMeters(row.lon, row.lat, shelter.lon, shelter.lat);
      if (distanceM <= NANAO_MATCH_MAX_DISTANCE_M && sameSiteName(row.name, shelter.name)) {
        candidates.push({ row, shelterId: shelter.id, distanceM });
      }
    }
  }
  candidates.sort((a, b) => a.distanceM - b.distanceM || a.row.line - b.row.line);
  const matchedRows = new Set<string>();
  const usedShelters = new Set<string>();
  const matches: NanaoMatch[] = [];
  for (const candidate of candidates) {
    if (matchedRows.has(candidate.row.id) || usedShelters.has(candidate.shelterId)) continue;
    matchedRows.add(candidate.row.id);
    usedShelters.add(candidate.shelterId);
    matches.push(candidate);
  }
  matches.sort((a, b) => a.row.line - b.row.line);
  return { matches, unmatched: rows.filter((row) => !matchedRows.has(row.id)) };
}
