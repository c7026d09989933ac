import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { HqTotalsEvent } from '../../realtime/events.js';
import type { heatResponse, hqTotals } from '@contract/hq/hq.schema.js';
import {
  findActiveIncident,
  peopleChangeMark,
  peopleCounts,
  shelterTotals,
  unaccountedHeatCells,
  type PeopleCountsRow,
} from './hq.queries.js';

export type HqTotals = z.input<typeof hqTotals> & HqTotalsEvent;
export type UnaccountedHeat = z.input<typeof heatResponse>;

const METRES_PER_DEGREE_LAT = 111_320;
/** Ishikawa lies around 36–37.5°N: one cell is square on the ground there. */
const REFERENCE_LATITUDE = 36.8;

/** Grid cell size in degrees for a cell side in metres. */
export function cellDegrees(cellMeters: number): { lon: number; lat: number } {
  const lat = cellMeters / METRES_PER_DEGREE_LAT;
  const lon = lat / Math.cos((REFERENCE_LATITUDE * Math.PI) / 180);
  return { lon: Number(lon.toPrecision(6)), lat: Number(lat.toPrecision(6)) };
}

/**
 * HQ's aggregate view: totals by where people are and who is unaccounted, and where the
 * unaccounted live inside active warnings. Counts only, so reads are not access-logged.
 */
export class HqService {
  /** The last people counts and what they were computed from (see `peopleChangeMark`). */
  private cached: { key: string; counts: PeopleCountsRow } | null = null;
  /**
   * The last heat grid per cell size and what it was computed from: every HQ screen refreshes on
   * the same pushes, and a city-wide warning takes seconds to grid, so it is counted once per change.
   */
  private readonly heatCache = new Map<number, { key: string; heat: Promise<UnaccountedHeat> }>();

  constructor(private readonly db: Database) {}

  async totals(): Promise<HqTotals> {
    const incident = await findActiveIncident(this.db);
    const shelters = await shelterTotals(this.db);
    const counts = await this.people(incident?.id ?? null, incident?.started_at ?? null);
    const place = (name: keyof PeopleCountsRow['by_place']) => counts.by_place[name] ?? 0;
    const heard = Object.values(counts.by_place).reduce((sum, n) => sum + (n ?? 0), 0);
    const registry = Number(counts.registry);
    return {
      incident: incident
        ? { id: incident.id, name: incident.name, startedAt: incident.started_at.toISOString() }
        : null,
      shelters: shelters.shelters,
      sheltersOpen: shelters.open,
      sheltersFull: shelters.full,
      inShelters: shelters.in_shelters,
      atHome: place('home'),
      evacuatedOutside: place('evacuated_outside'),
      elsewhere: place('vehicle') + place('relatives') + place('hospital'),
      unknownPlace: place('unknown'),
      unaccounted: incident ? Math.max(0, registry - (heard - counts.heard_unregistered)) : null,
      registry,
      computedAt: new Date().toISOString(),
    };
  }

  async unaccountedHeat(cellMeters: number): Promise<UnaccountedHeat> {
    const incident = await findActiveIncident(this.db);
    const mark = await peopleChangeMark(this.db);
    const key = [incident?.id, mark.last_event_id, mark.registry, mark.alerts].join(':');
    const cached = this.heatCache.get(cellMeters);
    if (cached?.key === key) return cached.heat;
    const heat = this.gridHeat(cellMeters, incident?.started_at ?? null);
    this.heatCache.set(cellMeters, { key, heat });
    heat.catch(() => this.heatCache.delete(cellMeters));
    return heat;
  }

  private async gridHeat(cellMeters: number, activeIncidentStart: Date | null): Promise<UnaccountedHeat> {
    const cell = cellDegrees(cellMeters);
    const rows = await unaccountedHeatCells(this.db, {
      activeIncidentStart,
      cellLon: cell.lon,
      cellLat: cell.lat,
    });
    const areas = new Map<string, UnaccountedHeat['areas'][number]>();
    for (const row of rows) {
      let area = areas.get(row.alert_id);
      if (!area) areas.set(row.alert_id, (area = { alertId: row.alert_id, total: 0, cells: [] }));
      area.cells.push([row.lon, row.lat, row.people]);
      area.total += row.people;
    }
    return { cell, areas: [...areas.values()], computedAt: new Date().toISOString() };
  }

  private async people(incidentId: string | null, since: Date | null): Promise<PeopleCountsRow> {
    const mark = await peopleChangeMark(this.db);
    const key = `${incidentId ?? '-'}:${mark.last_event_id ?? '-'}:${mark.registry}`;
    if (this.cached?.key === key) return this.cached.counts;
    const counts = await peopleCounts(this.db, since);
    this.cached = { key, counts };
    return counts;
  }
}
