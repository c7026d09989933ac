import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { SESSION_CHECK_EVENT } from '../api/account';
import { fetchMe, login as loginRequest, logout as logoutRequest, type Me } from '../api/auth';
import { ApiError } from '../api/http';
import { leaveThisDevice } from '../api/push';
import { startActivityKeepAlive } from './activityKeepAlive';
import { clearOfflineData } from './serviceWorker';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'unreachable'; error: ApiError }
  | { status: 'signed_in'; user: Me };

interface SessionContextValue {
  session: SessionState;
  login: (username: string, password: string) => Promise<void>;
  /** A sign-in that happened elsewhere (a passkey, a claimed enrolment code) hands over its user. */
  enter: (user: Me) => void;
  logout: () => Promise<void>;
  reload: () => void;
}

/** Waits for `work` at most this long: signing out must never hang on a slow network. */
function withinSeconds(seconds: number, work: Promise<void>): Promise<void> {
  return Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000))]);
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (user) => setSession(user ? { status: 'signed_in', user } : { status: 'anonymous' }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
        setSession({ status: 'unreachable', error: apiError });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  // Another device ended this account's sessions: ask the server whether this one survived (it
  // does after this browser changed the password) and leave the signed-in pages only if it did not.
  useEffect(() => {
    let checking = false;
    const check = () => {
      if (checking) return;
      checking = true;
      fetchMe()
        .then((user) => {
          if (!user) setSession({ status: 'anonymous' });
        })
        // Unreachable now: the pages show that themselves; the next signal checks again.
        .catch(() => undefined)
        .finally(() => {
          checking = false;
        });
    };
    window.addEventListener(SESSION_CHECK_EVENT, check);
    return () => window.removeEventListener(SESSION_CHECK_EVENT, check);
  }, []);

  // Signed out by any road (here, elsewhere, expired): the copies kept for offline use go.
  const anonymous = session.status === 'anonymous';
  useEffect(() => {
    if (anonymous) void clearOfflineData().catch(() => undefined);
  }, [anonymous]);

  const signedIn = session.status === 'signed_in';
  useEffect(() => {
    if (!signedIn) return;
    return startActivityKeepAlive(() => fetchMe());
  }, [signedIn]);

  const login = useCallback(async (username: string, password: string) => {
    const user = await loginRequest(username, password);
    setSession({ status: 'signed_in', user });
  }, []);

  const enter = useCallback((user: Me) => setSession({ status: 'signed_in', user }), []);

  const logout = useCallback(async () => {
    try {
      // While still signed in: the server needs the session to forget this device's subscription.
      await withinSeconds(3, leaveThisDevice());
      await logoutRequest();
    } finally {
      // Even if the server call fails, this browser must stop showing the signed-in pages.
      setSession({ status: 'anonymous' });
    }
  }, []);

  const reload = useCallback(() => {
    setSession({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ session, login, enter, logout, reload }),
    [session, login, enter, logout, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}
