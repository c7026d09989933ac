import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import {
  fetchShelterDetail,
  fetchTaps,
  fetchUnknownCards,
  type Occupancy,
  type ShelterDetail,
  type UnknownCardTap,
} from '../../api/console';
import { ApiError } from '../../api/errors';
import { fetchReaders, type Reader } from '../../api/readers';
import { connectSocket } from '../../api/socket';
import { applyOccupancyEvent, applyOccupancyResult } from './occupancyState';
import { emptyTapLog, TAP_LOG_LIMIT, tapLogReducer, type TapLogState } from './tapLog';

export type DetailState =
  { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; detail: ShelterDetail };

export interface ShelterConsole {
  detail: DetailState;
  tapLog: TapLogState;
  unknownCards: UnknownCardTap[];
  readers: Reader[];
  /** Bumped whenever the roster may have changed, so the list of people inside refetches. */
  rosterVersion: number;
  live: boolean;
  reload: () => void;
  reloadReaders: () => void;
  /** Counts from a REST answer, shown at once instead of waiting for the socket. */
  applyOccupancy: (occupancy: Occupancy | null) => void;
  setDetail: (detail: ShelterDetail) => void;
  rosterChanged: () => void;
}

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));

// Bursts of taps (a queue replayed after an outage) become one roster reload.
const REFRESH_DELAY_MS = 400;

/**
 * Everything the console shows for one shelter: loaded over REST, then kept current by the
 * shelter's Socket.IO events. A reconnect reloads everything, so nothing missed while offline stays
 * missing.
 */
export function useShelterConsole(shelterId: string, inShelterRoom: boolean): ShelterConsole {
  const [detail, setDetailState] = useState<DetailState>({ status: 'loading' });
  const [tapLog, dispatchTaps] = useReducer(tapLogReducer, emptyTapLog);
  const [unknownCards, setUnknownCards] = useState<UnknownCardTap[]>([]);
  const [readers, setReaders] = useState<Reader[]>([]);
  const [rosterVersion, setRosterVersion] = useState(0);
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const readerNames = useRef(new Map<string, string>());

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const loadReaders = useCallback(
    (signal?: AbortSignal) =>
      fetchReaders(shelterId, signal).then(({ readers: list }) => {
        for (const reader of list) readerNames.current.set(reader.id, reader.name);
        setReaders(list);
      }),
    [shelterId],
  );
  const reloadReaders = useCallback(() => void loadReaders().catch(() => undefined), [loadReaders]);

  useEffect(() => {
    dispatchTaps({ type: 'reset' });
    setUnknownCards([]);
    setReaders([]);
    setDetailState({ status: 'loading' });
  }, [shelterId]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    fetchShelterDetail(shelterId, signal).then(
      (loaded) => setDetailState({ status: 'ready', detail: loaded }),
      (error: unknown) => {
        if (!signal.aborted) setDetailState({ status: 'failed', error: asApiError(error) });
      },
    );
    // The log and the readers are secondary: if they fail, the counts above still work.
    void loadReaders(signal)
      .catch(() => undefined)
      .then(() => fetchTaps(shelterId, TAP_LOG_LIMIT, signal))
      .then((result) => result && dispatchTaps({ type: 'loaded', taps: result.taps }))
      .catch(() => undefined);
    fetchUnknownCards(shelterId, signal).then(
      ({ taps }) => setUnknownCards(taps),
      () => undefined,
    );
    setRosterVersion((n) => n + 1);
    return () => controller.abort();
  }, [shelterId, attempt, loadReaders]);

  useEffect(() => {
    const socket = connectSocket();
    let refreshTimer: number | undefined;
    let firstConnect = true;
    const refreshSoon = (withTaps: boolean) => {
      window.clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(() => {
        setRosterVersion((n) => n + 1);
        // specialCareInside only comes with the detail.
        fetchShelterDetail(shelterId).then(
          (loaded) =>
            setDetailState((state) =>
              state.status === 'ready' ? { status: 'ready', detail: { ...loaded } } : state,
            ),
          () => undefined,
        );
        if (withTaps) {
          fetchTaps(shelterId, TAP_LOG_LIMIT).then(
            ({ taps }) => dispatchTaps({ type: 'loaded', taps }),
            () => undefined,
          );
        }
      }, REFRESH_DELAY_MS);
    };
    const reloadUnknown = () =>
      fetchUnknownCards(shelterId).then(
        ({ taps }) => setUnknownCards(taps),
        () => undefined,
      );

    socket.on('connect', () => {
      setLive(true);
      // After a reconnect, reload what may have happened while the socket was away.
      if (!firstConnect) setAttempt((n) => n + 1);
      firstConnect = false;
    });
    socket.on('disconnect', () => setLive(false));
    socket.on('shelter:occupancy', (event) => {
      if (event.shelterId !== shelterId) return;
      setDetailState((state) =>
        state.status === 'ready'
          ? { status: 'ready', detail: applyOccupancyEvent(state.detail, event) }
          : state,
      );
      // HQ and admins are not in the shelter's room and get no tap events: reload the log instead.
      if (!inShelterRoom) refreshSoon(true);
    });
    socket.on('shelter:tap', (event) => {
      if (event.shelterId !== shelterId) return;
      const readerName = readerNames.current.get(event.readerId) ?? '';
      dispatchTaps({ type: 'live', event, readerName, receivedAt: new Date().toISOString() });
      if (event.outcome === 'unknown_card') void reloadUnknown();
      if (
        event.outcome === 'checked_in' ||
        event.outcome === 'checked_out' ||
        event.outcome === 'transferred'
      ) {
        refreshSoon(false);
      }
      if (!readerNames.current.has(event.readerId)) void loadReaders().catch(() => undefined);
    });
    socket.on('shelter:occupant', (event) => {
      if (event.shelterId === shelterId) refreshSoon(false);
    });
    socket.on('shelter:unknown-cards-resolved', (event) => {
      if (event.shelterId !== shelterId) return;
      const resolved = new Set(event.eventIds);
      setUnknownCards((list) => list.filter((tap) => !resolved.has(tap.eventId)));
      dispatchTaps({ type: 'resolved', event, at: new Date().toISOString() });
    });
    return () => {
      window.clearTimeout(refreshTimer);
      socket.disconnect();
      setLive(false);
    };
  }, [shelterId, inShelterRoom, loadReaders]);

  const applyOccupancy = useCallback((occupancy: Occupancy | null) => {
    setDetailState((state) =>
      state.status === 'ready'
        ? { status: 'ready', detail: applyOccupancyResult(state.detail, occupancy) }
        : state,
    );
  }, []);
  const setDetail = useCallback(
    (next: ShelterDetail) => setDetailState({ status: 'ready', detail: next }),
    [],
  );
  const rosterChanged = useCallback(() => setRosterVersion((n) => n + 1), []);

  return {
    detail,
    tapLog,
    unknownCards,
    readers,
    rosterVersion,
    live,
    reload,
    reloadReaders,
    applyOccupancy,
    setDetail,
    rosterChanged,
  };
}
