import { api } from './http';
import type { HqTotalsEvent } from './events';

export type HqTotals = HqTotalsEvent;

export interface UnaccountedHeat {
  /** Cell size in degrees; each cell is centred on its [lon, lat]. */
  cell: { lon: number; lat: number };
  areas: { alertId: string; total: number; cells: [lon: number, lat: number, people: number][] }[];
  computedAt: string;
}

export interface OccupancyTimeline {
  source: 'nanao-2024';
  snapshots: { label: string; at: string; total: number; mapped: number }[];
  shelters: { shelterId: string; counts: number[] }[];
  unmatched: { name: string; peak: number }[];
}

export const fetchHqTotals = (signal?: AbortSignal) => api.get<HqTotals>('/api/hq/totals', { signal });

export const fetchUnaccountedHeat = (cellMeters: number, signal?: AbortSignal) =>
  api.get<UnaccountedHeat>(`/api/hq/unaccounted-heat?cellMeters=${cellMeters}`, { signal });

export const fetchOccupancyTimeline = (signal?: AbortSignal) =>
  api.get<OccupancyTimeline>('/api/hq/timeline', { signal });
