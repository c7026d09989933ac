import { useEffect, useState } from 'react';
import { fetchHqTotals, type HqTotals } from '../../api/hq';
import type { AppSocket } from '../../api/socket';

/** HQ's people totals: fetched on every (re)connect, then pushed by the server when they change. */
export function useHqTotals(socket: AppSocket | null): HqTotals | null {
  const [totals, setTotals] = useState<HqTotals | null>(null);

  useEffect(() => {
    if (!socket) return;
    let generation = 0;
    const load = () => {
      const current = ++generation;
      fetchHqTotals().then(
        (loaded) => {
          if (current === generation) setTotals(loaded);
        },
        () => undefined,
      );
    };
    const onPush = (pushed: HqTotals) => {
      // A push is newer than any fetch still in flight.
      generation += 1;
      setTotals(pushed);
    };
    socket.on('connect', load);
    socket.on('hq:totals', onPush);
    load();
    return () => {
      generation += 1;
      socket.off('connect', load);
      socket.off('hq:totals', onPush);
    };
  }, [socket]);

  return totals;
}
