import { useEffect, useState } from 'react';
import { connectSocket } from '../../api/socket';
import type { ShelterStore } from './shelterStore';

/**
 * Keeps the store current from `shelter:occupancy` pushes. Returns whether the socket is connected,
 * so the page can say when numbers may be stale.
 */
export function useLiveShelters(store: ShelterStore | null): boolean {
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!store) return;
    const socket = connectSocket();
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('shelter:occupancy', (event) => {
      store.applyOccupancy(event);
    });
    return () => {
      socket.disconnect();
      setConnected(false);
    };
  }, [store]);

  return connected;
}
