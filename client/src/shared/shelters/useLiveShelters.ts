import { useEffect } from 'react';
import type { ShelterOccupancyEvent } from '../../api/events';
import type { AppSocket } from '../../api/socket';
import type { ShelterStore } from './shelterStore';

/** A hidden tab gets no animation frames; its updates still land this soon. */
const HIDDEN_FLUSH_MS = 250;

/**
 * Keeps the store current from `shelter:occupancy` pushes on the page's socket. Events are applied
 * once per animation frame as one batch, so a burst of check-ins redraws the map and the totals
 * once per frame instead of once per event.
 */
export function useLiveShelters(store: ShelterStore | null, socket: AppSocket | null): void {
  useEffect(() => {
    if (!store || !socket) return;
    let pending: ShelterOccupancyEvent[] = [];
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      frame = null;
      timer = null;
      const batch = pending;
      pending = [];
      store.applyOccupancyBatch(batch);
    };
    const onOccupancy = (event: ShelterOccupancyEvent) => {
      pending.push(event);
      if (frame !== null) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, HIDDEN_FLUSH_MS);
    };
    socket.on('shelter:occupancy', onOccupancy);
    return () => {
      socket.off('shelter:occupancy', onOccupancy);
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, socket]);
}
