import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_REGION_DATA_DIR } from '../region/region.loader.js';
import { NANAO_MUNICIPALITY_CODE, parseNanaoReference } from '../region/nanao.parse.js';
import { matchHistoryShelters, targetCounts, type HistoryMatch } from './history-match.js';
import { loadNanaoHistory, selectSnapshots, type HistorySnapshot } from './nanao-history.js';
import { mapConcurrent, ReaderClient } from './reader-client.js';
import { peakOf, ReplayPlanner, type PlannedTap } from './replay.plan.js';
import type { ShelterSummary, StaffApi } from './staff-api.js';

export interface ReplayOptions {
  baseUrl: string;
  api: StaffApi;
  /** Up to `count` Nanao residents with no whereabouts at or after `before` (taps must not be late). */
  pickResidents: (count: number, before: Date) => Promise<string[]>;
  from?: string;
  to?: string;
  /** Explicit snapshot positions (1-based), instead of from/to: e.g. the first 10 and a late 5. */
  only?: number[];
  /** Wall-clock pacing: the 2024 gap between snapshots divided by this; 0 = as fast as possible. */
  speed?: number;
  /** Never wait longer than this between snapshots, whatever the speed. */
  maxWaitMs?: number;
  concurrency?: number;
  historyDir?: string;
  onSnapshot?: (result: SnapshotResult) => void;
}

export interface Mismatch {
  shelterId: string;
  name: string;
  expected: number;
  actual: number;
}

export interface SnapshotResult {
  index: number;
  label: string;
  at: string;
  /** People in the city's snapshot, all shelters. */
  historyTotal: number;
  /** People replayed (matched shelters only). */
  replayedTotal: number;
  taps: number;
  /** Taps whose acknowledgement was not the expected checked_in / checked_out. */
  tapErrors: number;
  mismatches: Mismatch[];
  elapsedMs: number;
}

export interface ReplayReport {
  snapshots: SnapshotResult[];
  match: HistoryMatch;
  residents: number;
  cardsBound: number;
  taps: number;
  tapErrors: number;
  mismatches: number;
  elapsedMs: number;
}

/** A fixed card UID per resident, so a second run finds the card already bound to the same person. */
export function replayCardUid(residentId: string): string {
  return createHash('sha256').update(`nanao-replay:${residentId}`).digest('hex').slice(0, 16).toUpperCase();
}

async function loadReference() {
  const source = 'nanao-2024/reference_data.csv';
  return parseNanaoReference(await readFile(path.join(DEFAULT_REGION_DATA_DIR, source), 'utf8'), source)
    .accepted;
}

function pickSnapshots(all: HistorySnapshot[], options: ReplayOptions): HistorySnapshot[] {
  if (!options.only) return selectSnapshots(all, options.from, options.to);
  return [...new Set(options.only)]
    .sort((a, b) => a - b)
    .map((n) => {
      const snapshot = all[n - 1];
      if (!snapshot) throw new Error(`snapshot ${n} is out of 1..${all.length}`);
      return snapshot;
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replays Nanao's 2024 occupancy timeline as card taps: signs in as staff (the caller's `api`),
 * opens the shelters, registers one reader each, binds a card to one synthetic resident per
 * person, then for every snapshot taps people out and in through the `/readers` protocol until
 * each shelter holds the snapshot's count, and checks every Nanao shelter over the API.
 */
export async function replayNanao(options: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  const history = await loadNanaoHistory(options.historyDir);
  const snapshots = pickSnapshots(history.snapshots, options);
  const first = snapshots[0];
  if (!first) throw new Error('no snapshots selected');
  const before = await options.api.listShelters(NANAO_MUNICIPALITY_CODE);
  const match = matchHistoryShelters(history.shelters, await loadReference(), before);
  const targets = snapshots.map((s) => targetCounts(s, match.shelterIds));
  const needed = new Set(targets.flatMap((t) => [...t.keys()]));

  const peak = peakOf(targets);
  const residents = await options.pickResidents(peak, first.at);
  if (residents.length < peak) {
    throw new Error(
      `the replay needs ${peak} Nanao residents with no whereabouts after ${first.label}; found ${residents.length}`,
    );
  }
  for (const shelter of before)
    if (needed.has(shelter.id) && shelter.status === 'closed') await options.api.openShelter(shelter.id);
  const readers = new Map<string, ReaderClient>();
  const concurrency = options.concurrency ?? 16;
  try {
    for (const shelterId of needed) {
      const { deviceKey } = await options.api.registerReader(shelterId, 'Nanao replay');
      readers.set(shelterId, await ReaderClient.connect(options.baseUrl, deviceKey));
    }
    const cardUids = residents.map(replayCardUid);
    const bound = await mapConcurrent(residents, 8, (id) => options.api.bindCard(id, replayCardUid(id)));
    const cardsBound = bound.filter((b) => b === 'bound').length;

    // People already inside before the replay (not ours: ours had no whereabouts) stay as they are.
    const baseline = new Map(before.map((s) => [s.id, s.occupancy]));
    const planner = new ReplayPlanner(cardUids);
    const results: SnapshotResult[] = [];
    for (const [i, snapshot] of snapshots.entries()) {
      const previous = snapshots[i - 1];
      if (previous && options.speed) {
        await sleep(
          Math.min(
            (snapshot.at.getTime() - previous.at.getTime()) / options.speed,
            options.maxWaitMs ?? 60_000,
          ),
        );
      }
      const stepStarted = performance.now();
      const { outs, ins } = planner.next(targets[i]!, snapshot.at);
      const send = (tap: PlannedTap) =>
        readers
          .get(tap.shelterId)!
          .tap(tap)
          .then(
            (result) => (result.outcome === (tap.direction === 'in' ? 'checked_in' : 'checked_out') ? 0 : 1),
            () => 1,
          );
      // All check-outs are acknowledged before any check-in: a freed card may re-enter elsewhere.
      const tapErrors =
        (await mapConcurrent(outs, concurrency, send)).reduce((a, b) => a + b, 0) +
        (await mapConcurrent(ins, concurrency, send)).reduce((a, b) => a + b, 0);
      const now = await options.api.listShelters(NANAO_MUNICIPALITY_CODE);
      const mismatches = compare(now, baseline, targets[i]!);
      const result: SnapshotResult = {
        index: history.snapshots.indexOf(snapshot) + 1,
        label: snapshot.label,
        at: snapshot.at.toISOString(),
        historyTotal: snapshot.total,
        replayedTotal: [...targets[i]!.values()].reduce((a, b) => a + b, 0),
        taps: outs.length + ins.length,
        tapErrors,
        mismatches,
        elapsedMs: performance.now() - stepStarted,
      };
      results.push(result);
      options.onSnapshot?.(result);
    }
    return {
      snapshots: results,
      match,
      residents: residents.length,
      cardsBound,
      taps: results.reduce((a, r) => a + r.taps, 0),
      tapErrors: results.reduce((a, r) => a + r.tapErrors, 0),
      mismatches: results.reduce((a, r) => a + r.mismatches.length, 0),
      elapsedMs: performance.now() - started,
    };
  } finally {
    for (const reader of readers.values()) reader.close();
  }
}

/** Every Nanao shelter: expected = what it held before the replay + the snapshot's count. */
function compare(
  now: ShelterSummary[],
  baseline: Map<string, number>,
  targets: Map<string, number>,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const shelter of now) {
    const expected = (baseline.get(shelter.id) ?? 0) + (targets.get(shelter.id) ?? 0);
    if (shelter.occupancy !== expected) {
      mismatches.push({ shelterId: shelter.id, name: shelter.name, expected, actual: shelter.occupancy });
    }
  }
  return mismatches;
}
