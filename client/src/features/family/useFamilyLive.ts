import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isApiError } from '../../api/http';
import {
  fetchFamily,
  fetchFamilyMember,
  type FamilyList,
  type FamilyMember,
  type FamilyMemberDetail,
} from '../../api/family';
import { connectSocket } from '../../api/socket';
import { mergeFresher, orderedMembers, removeMember, replaceMember } from './familyModel';

/** How long a live change stays highlighted. */
const HIGHLIGHT_MS = 4000;
/** Relative times ("5 分前") are redrawn this often. */
const TICK_MS = 30_000;
/** How long to wait for the socket before loading the list without it. */
const SOCKET_WAIT_MS = 2000;
/** Hidden this long, the list is loaded again when the page is shown. */
const STALE_AFTER_HIDDEN_MS = 60_000;

export interface FamilyLive {
  list: FamilyList | null;
  /** Me first, then household, then people who named me. */
  members: FamilyMember[];
  error: unknown;
  loading: boolean;
  connected: boolean;
  /** People changed live a moment ago, for the "updated" highlight. */
  updated: ReadonlySet<string>;
  /** Name of the last person changed live, for screen readers. */
  lastUpdatedId: string | null;
  /** Detail with history, per person fetched. */
  details: ReadonlyMap<string, FamilyMemberDetail>;
  /** Bumps on every `family:invitation`, so the invitation list refetches. */
  invitationsVersion: number;
  now: number;
  reload: () => void;
  refreshMember: (residentId: string) => Promise<void>;
  /** Puts a just-reported state in at once, before the socket echo arrives. */
  applyOwnReport: (member: FamilyMember) => void;
}

/**
 * My family, kept current by the socket: the server puts this socket in the rooms of everyone I
 * may see and says so with `family:subscribed` (then the list is loaded, so nothing is missed);
 * `family:update` carries only an id, so the person is fetched again (and that read is logged).
 */
export function useFamilyLive(enabled: boolean): FamilyLive {
  const [list, setList] = useState<FamilyList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(enabled);
  const [connected, setConnected] = useState(false);
  const [updated, setUpdated] = useState<ReadonlySet<string>>(new Set());
  const [lastUpdatedId, setLastUpdatedId] = useState<string | null>(null);
  const [details, setDetails] = useState<ReadonlyMap<string, FamilyMemberDetail>>(new Map());
  const [invitationsVersion, setInvitationsVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const listRequest = useRef<AbortController | null>(null);
  const listRef = useRef(list);
  listRef.current = list;
  // Only the newest request per person may write: an older answer can arrive last.
  const memberRequests = useRef(new Map<string, number>());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const reload = useCallback(() => {
    listRequest.current?.abort();
    const controller = new AbortController();
    listRequest.current = controller;
    setLoading(true);
    fetchFamily(controller.signal)
      .then((fresh) => {
        setList((previous) => mergeFresher(previous, fresh));
        setError(null);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause);
      })
      .finally(() => {
        if (listRequest.current === controller) setLoading(false);
      });
  }, []);

  const refreshMember = useCallback(
    async (residentId: string) => {
      const ticket = (memberRequests.current.get(residentId) ?? 0) + 1;
      memberRequests.current.set(residentId, ticket);
      const isLatest = () => memberRequests.current.get(residentId) === ticket;
      try {
        const detail = await fetchFamilyMember(residentId);
        if (!isLatest()) return;
        setDetails((previous) => new Map(previous).set(residentId, detail));
        const current = listRef.current;
        if (current && replaceMember(current, detail) === null) reload();
        else setList((previous) => (previous ? (replaceMember(previous, detail) ?? previous) : previous));
      } catch (cause) {
        if (!isLatest()) return;
        // Not found: the person hid from me or the designation ended.
        if (isApiError(cause, 'not_found')) {
          setList((previous) => (previous ? removeMember(previous, residentId) : previous));
          setDetails((previous) => {
            const next = new Map(previous);
            next.delete(residentId);
            return next;
          });
        }
        throw cause;
      }
    },
    [reload],
  );

  const highlight = useCallback((residentId: string) => {
    setUpdated((previous) => new Set(previous).add(residentId));
    setLastUpdatedId(residentId);
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setUpdated((previous) => {
        const next = new Set(previous);
        next.delete(residentId);
        return next;
      });
    }, HIGHLIGHT_MS);
    timers.current.add(timer);
  }, []);

  const applyOwnReport = useCallback((member: FamilyMember) => {
    setList((previous) => (previous ? (replaceMember(previous, member) ?? previous) : previous));
  }, []);

  useEffect(() => {
    if (!enabled) return;
    // The list is loaded once the socket follows everyone (`family:subscribed`); every load is an
    // entry in each member's access log, so it is not loaded twice. Without a socket, load anyway.
    let fallback: ReturnType<typeof setTimeout> | null = setTimeout(loadOnce, SOCKET_WAIT_MS);
    function loadOnce() {
      if (fallback !== null) clearTimeout(fallback);
      fallback = null;
      if (listRef.current === null) reload();
    }
    const socket = connectSocket();
    socket.on('connect_error', loadOnce);
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    // Sent on every (re)connect once the rooms are joined: reload so nothing missed stays missed.
    socket.on('family:subscribed', () => {
      if (fallback !== null) clearTimeout(fallback);
      fallback = null;
      reload();
    });
    socket.on('family:update', ({ residentId }) => {
      refreshMember(residentId)
        .then(() => highlight(residentId))
        .catch(() => undefined);
    });
    socket.on('family:invitation', () => setInvitationsVersion((version) => version + 1));
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    // Losing sight of someone (a designation ended) sends no event; after the phone was put away
    // for a while, load the list again rather than show people who may have gone.
    let hiddenAt: number | null = null;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') hiddenAt = Date.now();
      else if (hiddenAt !== null && Date.now() - hiddenAt > STALE_AFTER_HIDDEN_MS) reload();
    };
    document.addEventListener('visibilitychange', onVisibility);
    const pending = timers.current;
    return () => {
      if (fallback !== null) clearTimeout(fallback);
      socket.disconnect();
      listRequest.current?.abort();
      clearInterval(tick);
      document.removeEventListener('visibilitychange', onVisibility);
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, [enabled, reload, refreshMember, highlight]);

  const members = useMemo(() => (list ? orderedMembers(list) : []), [list]);

  return {
    list,
    members,
    error,
    loading,
    connected,
    updated,
    lastUpdatedId,
    details,
    invitationsVersion,
    now,
    reload,
    refreshMember,
    applyOwnReport,
  };
}
