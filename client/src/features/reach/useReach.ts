import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAlerts, type AlertStatsEvent, type AlertSummary } from '../../api/alerts';
import { fetchReach, type DeliveryStatsEvent } from '../../api/delivery';
import type { AppSocket } from '../../api/socket';
import { coalescedRefresh } from './coalescedRefresh';
import {
  alertStatsApplied,
  deliveryStatsApplied,
  movesFunnel,
  reachLoaded,
  type ReachView,
} from './reachModel';

/** Pushes arrive at most once a second per warning; the funnel and areas are fetched at most this often. */
const MIN_REFRESH_MS = 2_000;

export interface ReachState {
  alerts: AlertSummary[];
  alertId: string | null;
  setAlertId(id: string): void;
  /** The chosen warning's reach, once loaded (null while another warning's would show). */
  view: ReachView | null;
  live: boolean;
  failed: unknown;
}

const pageHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * The reach of the chosen active warning, kept live over the page's HQ socket without a fetch
 * per push: `delivery:stats` carries the channel counts and failures and is applied as it comes;
 * `alert:stats` carries the in-app receipts. The funnel and the areas are fetched again (coalesced,
 * see coalescedRefresh) only when a push says they may have moved, and after a reconnect.
 */
export function useReach(socket: AppSocket | null): ReachState {
  const [alerts, setAlerts] = useState<AlertSummary[]>([]);
  const [alertId, setAlertId] = useState<string | null>(null);
  const [view, setView] = useState<ReachView | null>(null);
  const [live, setLive] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);
  const current = useRef<string | null>(null);
  current.current = alertId;
  // The view as the last push or answer left it, for deciding on the next push without waiting for a render.
  const latest = useRef<ReachView | null>(null);
  const generation = useRef(0);

  const commit = useCallback((next: ReachView | null) => {
    if (next === latest.current) return;
    latest.current = next;
    setView(next);
  }, []);

  const loadAlerts = useCallback(() => {
    fetchAlerts(true, 50).then(
      (list) => {
        const warnings = list.filter((alert) => alert.msgType !== 'Cancel');
        setAlerts(warnings);
        setAlertId((chosen) =>
          chosen && warnings.some((alert) => alert.id === chosen) ? chosen : (warnings[0]?.id ?? null),
        );
      },
      (error: unknown) => setFailed(error),
    );
  }, []);

  const load = useCallback(async () => {
    const id = current.current;
    const run = ++generation.current;
    if (!id) {
      commit(null);
      return;
    }
    try {
      const reach = await fetchReach(id);
      if (run !== generation.current || id !== current.current) return;
      commit(reachLoaded(latest.current, reach));
      setFailed(null);
    } catch (error) {
      if (run === generation.current) setFailed(error);
    }
  }, [commit]);

  const [refresh] = useState(() => coalescedRefresh(() => load(), MIN_REFRESH_MS, { paused: pageHidden }));

  useEffect(() => loadAlerts(), [loadAlerts]);
  useEffect(() => refresh.now(), [alertId, refresh]);

  useEffect(() => {
    if (!socket) return;
    const onDeliveryStats = (event: DeliveryStatsEvent) => {
      const before = latest.current;
      const after = deliveryStatsApplied(before, event);
      if (!before || after === before) return;
      commit(after);
      if (movesFunnel(before.channels, after!.channels)) refresh.request();
    };
    const onAlertStats = (event: AlertStatsEvent) => {
      if (event.alertId !== current.current) return;
      commit(alertStatsApplied(latest.current, event));
      refresh.request();
    };
    const onConnect = () => {
      setLive(true);
      refresh.request();
    };
    const onDisconnect = () => setLive(false);
    socket.on('delivery:stats', onDeliveryStats);
    socket.on('alert:stats', onAlertStats);
    socket.on('alert:issued', loadAlerts);
    socket.on('alert:expired', loadAlerts);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    setLive(socket.connected);
    return () => {
      socket.off('delivery:stats', onDeliveryStats);
      socket.off('alert:stats', onAlertStats);
      socket.off('alert:issued', loadAlerts);
      socket.off('alert:expired', loadAlerts);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
    };
  }, [socket, refresh, commit, loadAlerts]);

  useEffect(() => {
    const onVisible = () => {
      if (!pageHidden()) refresh.resume();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refresh]);

  useEffect(() => () => refresh.stop(), [refresh]);

  return { alerts, alertId, setAlertId, view: view?.alertId === alertId ? view : null, live, failed };
}
