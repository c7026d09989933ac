import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAlerts, type AlertSummary } from '../../api/alerts';
import { fetchPostBatches, fetchPostReach, type PostBatch, type PostReach } from '../../api/post';
import type { AppSocket } from '../../api/socket';

/** Receipts arrive in bursts: the counts are fetched again at most this often. */
const MIN_REFRESH_MS = 2_000;

export interface PostLettersState {
  alerts: AlertSummary[];
  alertId: string | null;
  setAlertId(id: string): void;
  reach: PostReach | null;
  batches: PostBatch[];
  failed: unknown;
  refresh(): void;
  /** A batch as the server answered it (made, found or cancelled), shown before its event. */
  upsert(batch: PostBatch): void;
}

/**
 * For the chosen active warning: how many people no channel reaches (counts only) and its letter
 * batches, kept live: batches from `post:letters` (each committed chunk), the counts when
 * receipts come in (`alert:stats`), the list of warnings when one is issued.
 */
export function usePostLetters(
  socket: AppSocket | null,
  unreadAfterMinutes: number | null,
): PostLettersState {
  const [alerts, setAlerts] = useState<AlertSummary[]>([]);
  const [alertId, setAlertId] = useState<string | null>(null);
  const [reach, setReach] = useState<PostReach | null>(null);
  const [batches, setBatches] = useState<PostBatch[]>([]);
  const [failed, setFailed] = useState<unknown>(null);
  const current = useRef<string | null>(null);
  current.current = alertId;
  const minutes = useRef(unreadAfterMinutes);
  minutes.current = unreadAfterMinutes;
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRun = useRef(0);

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
      setReach(null);
      setBatches([]);
      return;
    }
    Promise.all([fetchPostReach(id, minutes.current), fetchPostBatches(id)]).then(
      ([counts, list]) => {
        if (run !== generation.current) return;
        setReach(counts);
        setBatches(list);
        setFailed(null);
      },
      (error: unknown) => {
        if (run === generation.current) setFailed(error);
      },
    );
  }, []);

  const refreshSoon = useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, lastRun.current + MIN_REFRESH_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, wait);
  }, [load]);

  const upsert = useCallback((batch: PostBatch) => {
    if (batch.alertId !== current.current) return;
    setBatches((before) => {
      const index = before.findIndex((b) => b.id === batch.id);
      if (index < 0) return [batch, ...before];
      // Events of one batch can arrive out of order with an answer: never step progress back.
      const known = before[index]!;
      if (known.status === batch.status && known.lettersDone > batch.lettersDone) return before;
      const next = [...before];
      next[index] = batch;
      return next;
    });
  }, []);

  useEffect(() => loadAlerts(), [loadAlerts]);
  useEffect(() => load(), [alertId, unreadAfterMinutes, load]);

  useEffect(() => {
    if (!socket) return;
    const onStats = (event: { alertId: string }) => {
      if (event.alertId === current.current) refreshSoon();
    };
    socket.on('post:letters', upsert);
    socket.on('alert:stats', onStats);
    socket.on('alert:issued', loadAlerts);
    socket.on('connect', refreshSoon);
    return () => {
      socket.off('post:letters', upsert);
      socket.off('alert:stats', onStats);
      socket.off('alert:issued', loadAlerts);
      socket.off('connect', refreshSoon);
    };
  }, [socket, upsert, refreshSoon, loadAlerts]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { alerts, alertId, setAlertId, reach, batches, failed, refresh: load, upsert };
}
