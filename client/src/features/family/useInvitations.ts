import { useCallback, useEffect, useState } from 'react';
import { fetchInvitations, type IncomingInvitation } from '../../api/family';

/**
 * Invitations addressed to me. Lives with the tabs, not the privacy panel, so the tab can show
 * how many wait; `version` bumps on `family:invitation`.
 */
export function useInvitations(enabled: boolean, version: number) {
  const [invitations, setInvitations] = useState<IncomingInvitation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    fetchInvitations(controller.signal)
      .then(({ invitations: fresh }) => {
        setInvitations(fresh);
        setError(null);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause);
      });
    return () => controller.abort();
  }, [enabled, version, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const pending = invitations?.filter((i) => i.status === 'pending').length ?? 0;
  return { invitations, error, reload, pending };
}
