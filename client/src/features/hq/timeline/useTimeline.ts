import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchOccupancyTimeline, type OccupancyTimeline } from '@client/api/hq';
import type { ShelterStore } from '@client/shared/shelters/shelterStore';

/** One snapshot per this many milliseconds while playing: 118 snapshots in about a minute. */
export const PLAY_STEP_MS = 500;

export type TimelineLoad =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; timeline: OccupancyTimeline };

export interface Timeline {
  load: TimelineLoad;
  /** The snapshot shown on the map; null: the map shows live numbers. */
  index: number | null;
  playing: boolean;
  /** People per shelter over the snapshots, for charts. */
  series: ReadonlyMap<string, number[]>;
  open: () => void;
  show: (index: number) => void;
  play: () => void;
  pause: () => void;
  goLive: () => void;
}

/**
 * Replays a past occupancy timeline on the map: loads it once, then puts the chosen snapshot's
 * counts over the live ones in the shelter store (so markers, clusters and totals follow) until
 * HQ goes back to live.
 */
export function useTimeline(store: ShelterStore | null): Timeline {
  const [load, setLoad] = useState<TimelineLoad>({ status: 'idle' });
  const [index, setIndex] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const timeline = load.status === 'ready' ? load.timeline : null;

  const series = useMemo(
    () => new Map(timeline?.shelters.map((shelter) => [shelter.shelterId, shelter.counts]) ?? []),
    [timeline],
  );
  const scope = useMemo(() => new Set(series.keys()), [series]);
  const count = timeline?.snapshots.length ?? 0;

  const open = useCallback(() => {
    if (load.status === 'ready') {
      setIndex((current) => current ?? 0);
      return;
    }
    if (load.status === 'loading') return;
    setLoad({ status: 'loading' });
    fetchOccupancyTimeline().then(
      (loaded) => {
        setLoad({ status: 'ready', timeline: loaded });
        setIndex(0);
      },
      (error: unknown) => setLoad({ status: 'failed', error }),
    );
  }, [load.status]);

  useEffect(() => {
    if (!store) return;
    if (index === null || !timeline) {
      store.setHistory(null);
      return;
    }
    const counts = new Map<string, number>();
    for (const [shelterId, values] of series) counts.set(shelterId, values[index] ?? 0);
    store.setHistory({ counts, scope });
  }, [store, timeline, series, scope, index]);

  // Leaving the page (or a new store) must not leave the map stuck in the past.
  useEffect(() => () => store?.setHistory(null), [store]);

  useEffect(() => {
    if (!playing || count === 0) return;
    const timer = setInterval(() => {
      setIndex((current) => {
        const next = (current ?? -1) + 1;
        if (next >= count - 1) setPlaying(false);
        return Math.min(next, count - 1);
      });
    }, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing, count]);

  return {
    load,
    index,
    playing,
    series,
    open,
    show: useCallback((next: number) => {
      setPlaying(false);
      setIndex(next);
    }, []),
    play: useCallback(() => {
      setIndex((current) => (current === null || current >= count - 1 ? 0 : current));
      setPlaying(true);
    }, [count]),
    pause: useCallback(() => setPlaying(false), []),
    goLive: useCallback(() => {
      setPlaying(false);
      setIndex(null);
    }, []),
  };
}
