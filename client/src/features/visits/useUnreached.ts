import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAlerts, type AlertSummary } from '../../api/alerts';
import type { AppSocket } from '../../api/socket';
import {
  fetchAlertTasks,
  fetchUnreached,
  fetchUnreachedHeat,
  type HqVisitTask,
  type Unreached,
  type UnreachedHeat,
  type VisitTaskEvent,
} from '../../api/visits';

/** Receipts arrive in bursts: the list (an access-logged read) is fetched at most this often. */
const MIN_REFRESH_MS = 2_000;
const LIST_LIMIT = 200;

export interface UnreachedState {
  alerts: AlertSummary[];
  alertId: string | null;
  setAlertId(id: string): void;
  unreached: Unreached | null;
  heat: UnreachedHeat | null;
  tasks: HqVisitTask[];
  failed: unknown;
  refresh(): void;
}

/**
 * The unreached of the chosen active warning, its heat grid and its visit tasks, kept current:
 * when receipts come in (alert:stats), when a task opens, is assigned or closes (visit:task), and
 * when warnings are issued.
 */
export function useUnreached(socket: AppSocket | null): UnreachedState {
  const [alerts, setAlerts] = useState<AlertSummary[]>([]);
  const [alertId, setAlertId] = useState<string | null>(null);
  const [unreached, setUnreached] = useState<Unreached | null>(null);
  const [heat, setHeat] = useState<UnreachedHeat | null>(null);
  const [tasks, setTasks] = useState<HqVisitTask[]>([]);
  const [failed, setFailed] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRun = useRef(0);
  const generation = useRef(0);
  const current = useRef<string | null>(null);
  current.current = alertId;

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

  const load = useCallback(() => {
    const id = current.current;
    const run = ++generation.current;
    lastRun.current = Date.now();
    if (!id) {
      setUnreached(null);
      setHeat(null);
      setTasks([]);
      return;
    }
    Promise.all([fetchUnreached(id, LIST_LIMIT), fetchUnreachedHeat(id, 500), fetchAlertTasks(id)]).then(
      ([list, grid, visits]) => {
        if (run !== generation.current) return;
        setUnreached(list);
        setHeat(grid);
        setTasks(visits);
        setFailed(null);
      },
      (error: unknown) => {
        if (run === generation.current) setFailed(error);
      },
    );
  }, []);

  const refresh = useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, lastRun.current + MIN_REFRESH_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, wait);
  }, [load]);

  useEffect(() => loadAlerts(), [loadAlerts]);
  useEffect(() => load(), [alertId, load]);

  useEffect(() => {
    if (!socket) return;
    const onStats = (event: { alertId: string }) => {
      if (event.alertId === current.current) refresh();
    };
    const onTask = (event: VisitTaskEvent) => {
      if (event.alertId === current.current) refresh();
    };
    socket.on('alert:stats', onStats);
    socket.on('visit:task', onTask);
    socket.on('alert:issued', loadAlerts);
    socket.on('connect', refresh);
    return () => {
      socket.off('alert:stats', onStats);
      socket.off('visit:task', onTask);
      socket.off('alert:issued', loadAlerts);
      socket.off('connect', refresh);
    };
  }, [socket, refresh, loadAlerts]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { alerts, alertId, setAlertId, unreached, heat, tasks, failed, refresh: load };
}
