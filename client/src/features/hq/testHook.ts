import type { ShelterLayer, ShelterLayerMode } from '../../map/shelterLayer';
import { classifyOccupancy, type OccupancyClass } from '../../map/occupancy';
import type { ShelterStore } from '../../shared/shelters/shelterStore';
import type L from 'leaflet';

/** What the map currently shows for one shelter, read back from the marker itself. */
export interface DisplayedShelter {
  id: string;
  name: string;
  occupancy: number;
  capacity: number | null;
  status: string;
  occupancyClass: OccupancyClass;
  markerFillColor: string | undefined;
}

/**
 * Read-only handle for browser tests (`window.__hqMap`): canvas markers are not DOM nodes, so tests
 * read the displayed state here instead of from pixels. It exposes nothing the page does not show.
 */
export interface HqMapTestHook {
  shelterCount: number;
  mode(): ShelterLayerMode;
  zoom(): number;
  drawnCount(): number;
  shelter(id: string): DisplayedShelter | undefined;
  shelterIds(): string[];
  openShelter(id: string): boolean;
  setView(lat: number, lon: number, zoom: number): void;
}

declare global {
  interface Window {
    __hqMap?: HqMapTestHook;
  }
}

export function installTestHook(map: L.Map, store: ShelterStore, layer: ShelterLayer): () => void {
  const hook: HqMapTestHook = {
    shelterCount: store.size,
    mode: () => layer.currentMode,
    zoom: () => map.getZoom(),
    drawnCount: () => layer.drawnCount,
    shelterIds: () => Array.from(store.all(), (shelter) => shelter.id),
    shelter(id) {
      const shelter = store.get(id);
      if (!shelter) return undefined;
      return {
        id: shelter.id,
        name: shelter.name,
        occupancy: shelter.occupancy,
        capacity: shelter.capacity,
        status: shelter.status,
        occupancyClass: classifyOccupancy(shelter),
        markerFillColor: layer.marker(id)?.options.fillColor,
      };
    },
    openShelter: (id) => layer.openShelter(id),
    setView: (lat, lon, zoom) => map.setView([lat, lon], zoom, { animate: false }),
  };
  window.__hqMap = hook;
  return () => {
    if (window.__hqMap === hook) delete window.__hqMap;
  };
}
