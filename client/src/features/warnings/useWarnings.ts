import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAlert, fetchAlerts, fetchNeedHelp, type AlertSummary, type NeedHelp } from '../../api/alerts';
import type { AppSocket } from '../../api/socket';
import { INITIAL_WARNINGS, loaded, needHelpApplied, statsApplied, type WarningsState } from './warningsState';

/** Calls for help are followed this long after a warning was issued, even once it is superseded. */
const NEED_HELP_WINDOW_MS = 72 * 3_600_000;
const RECENT_LIMIT = 50;

export interface Warnings {
  state: WarningsState;
  live: boolean;
  loadFailed: unknown;
  refresh: () => void;
  /** Apply a call the operator just changed, before its push arrives. */
  applyCall: (call: NeedHelp) => void;
}

function followsCalls(alert: AlertSummary, now: number): boolean {
  return (
    alert.msgType !== 'Cancel' &&
    alert.targeted > 0 &&
    now - Date.parse(alert.createdAt) < NEED_HELP_WINDOW_MS
  );
}

/**
 * Active warnings, receipt counts and calls for help, kept live over the page's HQ socket. Every
 * (re)connect and every `alert:issued` reloads the lists, so nothing missed while offline is lost.
 */
export function useWarnings(socket: AppSocket | null): Warnings {
  const [state, setState] = useState<WarningsState>(INITIAL_WARNINGS);
  const [live, setLive] = useState(false);
  const [loadFailed, setLoadFailed] = useState<unknown>(null);
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const current = ++generation.current;
    const load = async () => {
      const recent = await fetchAlerts(false, RECENT_LIMIT);
      const now = Date.now();
      const active = await Promise.all(recent.filter((a) => a.active).map((a) => fetchAlert(a.id)));
      const followed = recent.filter((a) => followsCalls(a, now));
      const calls = await Promise.all(followed.map((a) => fetchNeedHelp(a.id)));
      return { active, needHelp: { alertIds: followed.map((a) => a.id), calls: calls.flat() } };
    };
    load().then(
      ({ active, needHelp }) => {
        if (current !== generation.current) return;
        setLoadFailed(null);
        setState((previous) => loaded(previous, active, needHelp));
      },
      (error: unknown) => {
        if (current === generation.current) setLoadFailed(error);
      },
    );
  }, []);

  useEffect(() => {
    if (!socket) return;
    const onConnect = () => {
      setLive(true);
      refresh();
    };
    const onDisconnect = () => setLive(false);
    const onStats = (event: Parameters<typeof statsApplied>[1]) =>
      setState((previous) => statsApplied(previous, event));
    const onNeedHelp = (event: Parameters<typeof needHelpApplied>[1]) =>
      setState((previous) => needHelpApplied(previous, event));
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('alert:issued', refresh);
    socket.on('alert:expired', refresh);
    socket.on('alert:stats', onStats);
    socket.on('alert:need-help', onNeedHelp);
    // The page's socket may have connected before this column subscribed.
    if (socket.connected) onConnect();
    return () => {
      generation.current += 1;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('alert:issued', refresh);
      socket.off('alert:expired', refresh);
      socket.off('alert:stats', onStats);
      socket.off('alert:need-help', onNeedHelp);
    };
  }, [socket, refresh]);

  const applyCall = useCallback(
    (call: NeedHelp) => setState((previous) => needHelpApplied(previous, call)),
    [],
  );

  return { state, live, loadFailed, refresh, applyCall };
}
