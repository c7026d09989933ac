import type { ShelterOccupancyEvent } from '../../api/events';
import { classifyOccupancy } from '../../map/occupancy';
import type { ShelterCollection, ShelterProperties } from '../../api/shelters';

export interface Shelter extends ShelterProperties {
  lat: number;
  lon: number;
  /** Server time of the last live change applied, to drop events that arrive out of order. */
  updatedAt: string | null;
}

export function sheltersFromCollection(collection: ShelterCollection): Shelter[] {
  const shelters: Shelter[] = [];
  for (const feature of collection.features) {
    const [lon, lat] = feature.geometry.coordinates;
    if (lon === undefined || lat === undefined) continue;
    shelters.push({ ...feature.properties, lat, lon, updatedAt: null });
  }
  return shelters;
}

type Listener = (changedIds: readonly string[]) => void;

/**
 * The browser's copy of shelter state: loaded once over REST, then kept current by socket events.
 * The map layer and the totals panel both read from here so they can never disagree.
 */
export class ShelterStore {
  private readonly byId = new Map<string, Shelter>();
  private readonly listeners = new Set<Listener>();
  private version = 0;

  constructor(shelters: Iterable<Shelter>) {
    for (const shelter of shelters) this.byId.set(shelter.id, shelter);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Shelter | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<Shelter> {
    return this.byId.values();
  }

  /** Changes with every applied update; lets React re-derive totals only when something changed. */
  getVersion = (): number => this.version;

  /** Returns false when the event is for an unknown shelter or older than what is shown. */
  applyOccupancy(event: ShelterOccupancyEvent): boolean {
    const current = this.byId.get(event.shelterId);
    if (!current) return false;
    if (current.updatedAt !== null && Date.parse(event.at) < Date.parse(current.updatedAt)) return false;
    this.byId.set(event.shelterId, {
      ...current,
      occupancy: event.occupancy,
      capacity: event.capacity,
      status: event.status,
      updatedAt: event.at,
    });
    this.version += 1;
    for (const listener of this.listeners) listener([event.shelterId]);
    return true;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export interface ShelterTotals {
  shelters: number;
  open: number;
  full: number;
  occupancy: number;
  /** Sum over shelters whose capacity is known; most GSI sites have none. */
  knownCapacity: number;
}

export function computeTotals(shelters: Iterable<Shelter>): ShelterTotals {
  const totals: ShelterTotals = { shelters: 0, open: 0, full: 0, occupancy: 0, knownCapacity: 0 };
  for (const shelter of shelters) {
    totals.shelters += 1;
    if (shelter.status !== 'closed') totals.open += 1;
    if (classifyOccupancy(shelter) === 'full') totals.full += 1;
    totals.occupancy += shelter.occupancy;
    if (shelter.capacity !== null) totals.knownCapacity += shelter.capacity;
  }
  return totals;
}
