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

/** A shelter as it was in a past snapshot: open when people were there, closed otherwise. */
function pastState(shelter: Shelter, occupancy: number): Shelter {
  return { ...shelter, occupancy, status: occupancy > 0 ? 'open' : 'closed', updatedAt: null };
}

/**
 * The browser's copy of shelter state: loaded once over REST, then kept current by socket events.
 * The map layer and the totals panel both read from here so they can never disagree.
 */
export class ShelterStore {
  private readonly byId = new Map<string, Shelter>();
  private readonly listeners = new Set<Listener>();
  private version = 0;
  private history: { counts: ReadonlyMap<string, number>; scope: ReadonlySet<string> } | null = null;

  constructor(shelters: Iterable<Shelter>) {
    for (const shelter of shelters) this.byId.set(shelter.id, shelter);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Shelter | undefined {
    const shelter = this.byId.get(id);
    return shelter && this.shown(shelter);
  }

  *all(): IterableIterator<Shelter> {
    for (const shelter of this.byId.values()) yield this.shown(shelter);
  }

  /** True while a timeline replay is shown instead of the live numbers. */
  get historical(): boolean {
    return this.history !== null;
  }

  /**
   * Shows past people counts for the shelters in `scope` (a timeline replay) instead of the live
   * ones; null goes back to live. Live events keep arriving underneath and show again after.
   */
  setHistory(history: { counts: ReadonlyMap<string, number>; scope: ReadonlySet<string> } | null): void {
    const before = this.history;
    this.history = history;
    const ids = new Set([...(before?.scope ?? []), ...(history?.scope ?? [])]);
    const changed: string[] = [];
    for (const id of ids) {
      const shelter = this.byId.get(id);
      if (!shelter) continue;
      const was = before?.scope.has(id) ? pastState(shelter, before.counts.get(id) ?? 0) : shelter;
      const now = this.shown(shelter);
      if (was.occupancy !== now.occupancy || was.status !== now.status) changed.push(id);
    }
    if (changed.length === 0 && (before === null) === (history === null)) return;
    this.version += 1;
    for (const listener of this.listeners) listener(changed);
  }

  private shown(shelter: Shelter): Shelter {
    if (!this.history?.scope.has(shelter.id)) return shelter;
    return pastState(shelter, this.history.counts.get(shelter.id) ?? 0);
  }

  /** Changes with every applied update; lets React re-derive totals only when something changed. */
  getVersion = (): number => this.version;

  /** Returns false when the event is for an unknown shelter or older than what is shown. */
  applyOccupancy(event: ShelterOccupancyEvent): boolean {
    if (!this.write(event)) return false;
    this.version += 1;
    for (const listener of this.listeners) listener([event.shelterId]);
    return true;
  }

  /**
   * Applies a burst of events with one notification: at hundreds of events a second, telling the
   * map and the totals about each one separately costs more than the drawing itself.
   */
  applyOccupancyBatch(events: readonly ShelterOccupancyEvent[]): string[] {
    const changed = new Set<string>();
    for (const event of events) if (this.write(event)) changed.add(event.shelterId);
    if (changed.size === 0) return [];
    const ids = [...changed];
    this.version += 1;
    for (const listener of this.listeners) listener(ids);
    return ids;
  }

  private write(event: ShelterOccupancyEvent): boolean {
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
    return true;
  }

  /**
   * Takes the database's numbers after the socket reconnected (events sent while it was away are
   * not replayed). A shelter changed live after `fetchStartedAt` keeps its newer live value.
   */
  reload(shelters: Iterable<Shelter>, fetchStartedAt: string): void {
    const changed: string[] = [];
    for (const shelter of shelters) {
      const current = this.byId.get(shelter.id);
      if (current?.updatedAt && Date.parse(current.updatedAt) > Date.parse(fetchStartedAt)) continue;
      this.byId.set(shelter.id, shelter);
      changed.push(shelter.id);
    }
    if (changed.length === 0) return;
    this.version += 1;
    for (const listener of this.listeners) listener(changed);
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
