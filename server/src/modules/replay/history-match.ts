import { matchNanaoRows, type ShelterPoint } from '../region/nanao.match.js';
import type { NanaoReferenceRow } from '../region/nanao.parse.js';
import type { HistoryShelter, HistorySnapshot } from './nanao-history.js';

export interface HistoryMatch {
  /** History shelter ID → system shelter id. */
  shelterIds: Map<string, string>;
  /** How each history shelter was matched (for the report). */
  via: Map<string, 'reference_id' | 'name'>;
  /** History shelters with no registry shelter: left out of the replay. */
  unmatched: HistoryShelter[];
}

/**
 * Pairs the history's shelters with the system's Nanao shelters the way the Nanao capacity
 * importer does. The history uses the city's IDs from its reference list, so a history shelter
 * whose ID is in that list takes the importer's match for that row (this survives spelling drift
 * such as 南大吞/南大呑). Shelters opened during the disaster (`NEW…`) are not in the list; they
 * are matched on their own name and point by the same rule (name key, 300 m, one to one).
 */
export function matchHistoryShelters(
  history: HistoryShelter[],
  reference: NanaoReferenceRow[],
  system: ShelterPoint[],
): HistoryMatch {
  const byReference = new Map(matchNanaoRows(reference, system).matches.map((m) => [m.row.id, m.shelterId]));
  const shelterIds = new Map<string, string>();
  const via = new Map<string, 'reference_id' | 'name'>();
  for (const shelter of history) {
    const shelterId = byReference.get(shelter.id);
    if (shelterId) {
      shelterIds.set(shelter.id, shelterId);
      via.set(shelter.id, 'reference_id');
    }
  }
  const used = new Set(shelterIds.values());
  const rest = history.filter((s) => !shelterIds.has(s.id));
  const rows = rest.map((s, index) => ({ line: index + 1, ...s, capacity: { indoor: null, outdoor: null } }));
  for (const match of matchNanaoRows(
    rows,
    system.filter((s) => !used.has(s.id)),
  ).matches) {
    shelterIds.set(match.row.id, match.shelterId);
    via.set(match.row.id, 'name');
  }
  return { shelterIds, via, unmatched: history.filter((s) => !shelterIds.has(s.id)) };
}

/** People per system shelter at a snapshot, unmatched shelters left out. */
export function targetCounts(
  snapshot: HistorySnapshot,
  shelterIds: Map<string, string>,
): Map<string, number> {
  const targets = new Map<string, number>();
  for (const [historyId, count] of snapshot.counts) {
    const shelterId = shelterIds.get(historyId);
    if (shelterId) targets.set(shelterId, (targets.get(shelterId) ?? 0) + count);
  }
  return targets;
}
