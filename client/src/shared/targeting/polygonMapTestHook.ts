import type L from 'leaflet';

/**
 * Handle for browser tests (`window.__polygonMap`): moves the drawing map to a place, as a person
 * would by panning and zooming, so a test can click corners at known points. It exposes nothing
 * the page does not show.
 */
export interface PolygonMapTestHook {
  setView(lat: number, lon: number, zoom: number): void;
}

declare global {
  interface Window {
    __polygonMap?: PolygonMapTestHook;
  }
}

export function installPolygonMapTestHook(map: L.Map): () => void {
  const hook: PolygonMapTestHook = {
    setView: (lat, lon, zoom) => map.setView([lat, lon], zoom, { animate: false }),
  };
  window.__polygonMap = hook;
  return () => {
    if (window.__polygonMap === hook) delete window.__polygonMap;
  };
}
