import { describe, expect, it } from 'vitest';
import { parseSnapshot, selectSnapshots, type HistorySnapshot } from './nanao-history.js';
import { CHECK_IN_OFFSET_MS, peakOf, ReplayPlanner } from './replay.plan.js';

const at = new Date('2024-01-09T18:00:00+09:00');
const later = new Date('2024-01-11T18:00:00+09:00');

describe('ReplayPlanner', () => {
  it('checks people in to reach each target, then out and in again, moving every card forward', () => {
    const planner = new ReplayPlanner(['A1', 'A2', 'A3', 'A4']);
    const first = planner.next(
      new Map([
        ['s1', 2],
        ['s2', 1],
      ]),
      at,
    );
    expect(first.outs).toEqual([]);
    expect(first.ins.map((t) => [t.shelterId, t.cardUid])).toEqual([
      ['s1', 'A1'],
      ['s1', 'A2'],
      ['s2', 'A3'],
    ]);
    expect(first.ins[0]!.tappedAt).toBe(new Date(at.getTime() + CHECK_IN_OFFSET_MS).toISOString());

    // s1 empties (absent from the targets), s2 grows to 3: A4 is unused, then a freed card re-enters.
    const second = planner.next(new Map([['s2', 3]]), later);
    expect(second.outs.map((t) => [t.shelterId, t.cardUid, t.tappedAt])).toEqual([
      ['s1', 'A1', later.toISOString()],
      ['s1', 'A2', later.toISOString()],
    ]);
    expect(second.ins.map((t) => t.cardUid)).toEqual(['A4', 'A1']);
    expect(second.ins.every((t) => t.tappedAt > later.toISOString())).toBe(true);
    expect([planner.occupancy('s1'), planner.occupancy('s2')]).toEqual([0, 3]);
  });

  it('refuses a target it has no people for', () => {
    const planner = new ReplayPlanner(['A1']);
    expect(() => planner.next(new Map([['s1', 2]]), at)).toThrow(/not enough residents/);
  });

  it('finds the peak over a sequence', () => {
    const sequence: Map<string, number>[] = [
      new Map([['a', 3]]),
      new Map([
        ['a', 1],
        ['b', 4],
      ]),
      new Map<string, number>(),
    ];
    expect(peakOf(sequence)).toBe(5);
  });
});

describe('Nanao history snapshots', () => {
  it('reads counts by header and the time from the file name', () => {
    const text =
      'ID,地区,名称,人数,時点,緯度,経度\nCC1,御祓,山王小学校,"1,180",x,37.04,136.97\nNEW001,御祓,寄合い処,40,x,37.05,136.96\n';
    const { snapshot, shelters } = parseSnapshot(text, 'open_shelter_Nanao-shi_2024-01-13-0600.csv');
    expect(snapshot.label).toBe('2024-01-13-0600');
    expect(snapshot.at.toISOString()).toBe('2024-01-12T21:00:00.000Z');
    expect([...snapshot.counts]).toEqual([
      ['CC1', 1180],
      ['NEW001', 40],
    ]);
    expect(snapshot.total).toBe(1220);
    expect(shelters[1]).toEqual({ id: 'NEW001', name: '寄合い処', lon: 136.96, lat: 37.05 });
  });

  it('selects snapshots by position or label prefix', () => {
    const snapshots = ['2024-01-09-1800', '2024-01-11-1800', '2024-02-01-0600', '2024-02-02-0600'].map(
      (label) => ({ label }) as HistorySnapshot,
    );
    expect(selectSnapshots(snapshots, '2', '3').map((s) => s.label)).toEqual([
      '2024-01-11-1800',
      '2024-02-01-0600',
    ]);
    expect(selectSnapshots(snapshots, '2024-02').map((s) => s.label)).toEqual([
      '2024-02-01-0600',
      '2024-02-02-0600',
    ]);
    expect(selectSnapshots(snapshots, undefined, '2024-01').map((s) => s.label)).toHaveLength(2);
    expect(() => selectSnapshots(snapshots, '3', '1')).toThrow();
  });
});
