import { useEffect, useRef } from 'react';
import type { ApplicationUpdateEvent } from '../../api/relief';
import { connectSocket } from '../../api/socket';

/**
 * Calls `onUpdate` for every live application state change this user may hear of, and with null
 * after a reconnect (a change may have happened while offline: refetch).
 */
export function useApplicationUpdates(
  enabled: boolean,
  onUpdate: (event: ApplicationUpdateEvent | null) => void,
) {
  const latest = useRef(onUpdate);
  latest.current = onUpdate;
  useEffect(() => {
    if (!enabled) return undefined;
    const socket = connectSocket();
    socket.on('application:update', (event) => latest.current(event));
    socket.io.on('reconnect', () => latest.current(null));
    return () => {
      socket.disconnect();
    };
  }, [enabled]);
}
