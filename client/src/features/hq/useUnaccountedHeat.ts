import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import { fetchUnaccountedHeat } from '../../api/hq';
import type { AppSocket } from '../../api/socket';
import { HeatLayer } from './heatLayer';

const CELL_METERS = 500;
/** Reports arrive all the time; a refresh at most this often keeps the grid query cheap. */
const MIN_REFRESH_MS = 5_000;
/** Warnings also expire without a push. */
const PERIODIC_REFRESH_MS = 60_000;

export interface HeatState {
  cells: number;
  people: number;
  /** Unaccounted people per active warning, as last counted. */
  byAlert: ReadonlyMap<string, number>;
  visible: boolean;
  setVisible(visible: boolean): void;
}

/**
 * Keeps the unaccounted-heat layer on the map current: on connect, when a warning is issued,
 * updated, cancelled or expires, when the unaccounted total moves, and once a minute.
 */
export function useUnaccountedHeat(map: L.Map | null, socket: AppSocket | null): HeatState {
  const { t } = useTranslation();
  const [summary, setSummary] = useState({
    cells: 0,
    people: 0,
    byAlert: new Map<string, number>(),
  });
  const [visible, setVisible] = useState(true);
  const layerRef = useRef<HeatLayer | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    if (!map || !socket) return;
    const layer = new HeatLayer(map);
    layerRef.current = layer;
    let generation = 0;
    let lastRun = 0;
    let pending: ReturnType<typeof setTimeout> | null = null;
    let lastUnaccounted: number | null | undefined;

    const refresh = () => {
      if (pending) return;
      const wait = Math.max(0, lastRun + MIN_REFRESH_MS - Date.now());
      pending = setTimeout(() => {
        pending = null;
        lastRun = Date.now();
        const current = ++generation;
        fetchUnaccountedHeat(CELL_METERS).then(
          (heat) => {
            if (current !== generation) return;
            layer.show(heat, (people) => tRef.current('hqmap.heat.cell', { count: people }));
            setSummary({
              cells: layer.cellCount,
              people: layer.peopleCount,
              byAlert: new Map(heat.areas.map((area) => [area.alertId, area.total])),
            });
          },
          // A failed refresh leaves the last grid up; the next trigger tries again.
          () => undefined,
        );
      }, wait);
    };
    const onTotals = (totals: { unaccounted: number | null }) => {
      if (totals.unaccounted === lastUnaccounted) return;
      lastUnaccounted = totals.unaccounted;
      refresh();
    };

    socket.on('connect', refresh);
    socket.on('alert:issued', refresh);
    socket.on('alert:expired', refresh);
    socket.on('hq:totals', onTotals);
    const timer = setInterval(refresh, PERIODIC_REFRESH_MS);
    refresh();
    return () => {
      generation += 1;
      if (pending) clearTimeout(pending);
      clearInterval(timer);
      socket.off('connect', refresh);
      socket.off('alert:issued', refresh);
      socket.off('alert:expired', refresh);
      socket.off('hq:totals', onTotals);
      layer.destroy();
      layerRef.current = null;
    };
  }, [map, socket]);

  useEffect(() => layerRef.current?.setVisible(visible), [visible]);

  return { ...summary, visible, setVisible };
}
