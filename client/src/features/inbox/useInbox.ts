import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchInboxPage, type InboxAnswer } from '../../api/inbox';
import { connectSocket, type AppSocket } from '../../api/socket';
import { readPreference, writePreference } from '../../shared/preferences';
import {
  cursorKey,
  initialInbox,
  merged,
  parseCursor,
  patched,
  undelivered,
  type InboxState,
} from './inboxState';
import { sendReceipt } from './receipts';

export interface Inbox {
  state: InboxState;
  live: boolean;
  loaded: boolean;
  loadError: unknown;
  retry: () => void;
  markRead: (position: number) => void;
  respond: (position: number, answer: InboxAnswer) => Promise<void>;
}

/**
 * The resident's inbox, live. Every (re)connect and every `inbox:new` push fetches what came
 * after the highest position seen; that position is kept in localStorage. Receipts: delivered as
 * soon as an entry arrives, read when it is opened, each over the socket with an acknowledgement
 * and REST as the fallback.
 */
export function useInbox(userId: string): Inbox {
  const [state, setState] = useState<InboxState>(() =>
    initialInbox(parseCursor(readPreference(cursorKey(userId)))),
  );
  const [live, setLive] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const socketRef = useRef<AppSocket | null>(null);
  // The page loads the whole history once, then only asks for what is newer.
  const cursor = useRef(0);
  const running = useRef(false);
  const pending = useRef(false);
  const delivering = useRef(new Set<number>());

  const catchUp = useCallback(() => {
    if (running.current) {
      pending.current = true;
      return;
    }
    running.current = true;
    const fetchAfter = async (after: number) => {
      let supersedes = false;
      for (let from = after; ;) {
        const page = await fetchInboxPage(from);
        if (page.entries.length === 0) return supersedes;
        from = page.last;
        cursor.current = Math.max(cursor.current, page.last);
        supersedes ||= page.entries.some((entry) => entry.action === 'update' || entry.action === 'cancel');
        setState((previous) => merged(previous, page.entries));
      }
    };
    const run = async () => {
      do {
        pending.current = false;
        const first = cursor.current === 0;
        // An update or cancel retires earlier entries of its warning; reload them to show it.
        if ((await fetchAfter(cursor.current)) && !first) await fetchAfter(0);
      } while (pending.current);
    };
    run()
      .then(
        () => {
          setLoaded(true);
          setLoadError(null);
        },
        (error: unknown) => setLoadError(error),
      )
      .finally(() => {
        running.current = false;
      });
  }, []);

  useEffect(() => {
    const socket = connectSocket();
    socketRef.current = socket;
    socket.on('connect', () => {
      setLive(true);
      catchUp();
    });
    socket.on('disconnect', () => setLive(false));
    // A warning's push names the highest position its send wrote (the same event goes to everyone
    // it reached), so it only says "something at or below this is new". The cursor moves only with
    // fetched pages; a push during a catch-up queues one more fetch after it instead.
    socket.on('inbox:new', (event) => {
      if (event.position > cursor.current) catchUp();
    });
    catchUp();
    return () => {
      socketRef.current = null;
      socket.disconnect();
    };
  }, [catchUp]);

  useEffect(() => {
    if (state.cursor > parseCursor(readPreference(cursorKey(userId)))) {
      writePreference(cursorKey(userId), String(state.cursor));
    }
  }, [state.cursor, userId]);

  // Delivered on receipt: whatever arrived without a delivery time gets one now.
  useEffect(() => {
    for (const entry of undelivered(state)) {
      if (delivering.current.has(entry.position)) continue;
      delivering.current.add(entry.position);
      sendReceipt(socketRef.current, { event: 'inbox:delivered', position: entry.position }).then(
        () =>
          setState((previous) =>
            patched(previous, entry.position, { deliveredAt: new Date().toISOString() }),
          ),
        // Not marked: the next catch-up or page load tries again.
        () => delivering.current.delete(entry.position),
      );
    }
  }, [state]);

  const current = useRef(state);
  current.current = state;
  const markRead = useCallback((position: number) => {
    const entry = current.current.entries[position];
    if (!entry || entry.readAt) return;
    const now = new Date().toISOString();
    setState((previous) =>
      patched(previous, position, { readAt: now, deliveredAt: entry.deliveredAt ?? now }),
    );
    sendReceipt(socketRef.current, { event: 'inbox:read', position }).catch(() => {
      // Shown as read here regardless; opening it again after a reload sends the receipt again.
    });
  }, []);

  const respond = useCallback(async (position: number, answer: InboxAnswer) => {
    await sendReceipt(socketRef.current, { event: 'inbox:respond', position, answer });
    setState((previous) =>
      patched(previous, position, {
        response: answer.response,
        respondedAt: new Date().toISOString(),
        responseNote: answer.note ?? null,
      }),
    );
  }, []);

  return { state, live, loaded, loadError, retry: catchUp, markRead, respond };
}
