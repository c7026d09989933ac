import { useEffect, useState } from 'react';
import { connectSocket, type AppSocket } from '../../api/socket';

export interface PageSocket {
  /** null until mounted; every live part of the page listens on this one connection. */
  socket: AppSocket | null;
  connected: boolean;
}

/**
 * One Socket.IO connection for a whole page. The map and the warnings column used to open one
 * each: twice the handshakes, twice every HQ event over the wire.
 */
export function usePageSocket(): PageSocket {
  const [socket, setSocket] = useState<AppSocket | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const created = connectSocket();
    const onConnect = () => setConnected(true);
    const onDisconnect = () => setConnected(false);
    created.on('connect', onConnect);
    created.on('disconnect', onDisconnect);
    setSocket(created);
    return () => {
      created.disconnect();
      setSocket(null);
      setConnected(false);
    };
  }, []);

  return { socket, connected };
}
