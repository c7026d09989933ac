import { api } from './http';
import type { HqTotalsEvent } from './events';
import type { z } from 'zod';
import type { heatResponse, timelineResponse } from '@contract/hq/hq.schema';

export type HqTotals = HqTotalsEvent;

export type UnaccountedHeat = z.output<typeof heatResponse>;

export type OccupancyTimeline = z.output<typeof timelineResponse>;

export const fetchHqTotals = (signal?: AbortSignal) => api.get<HqTotals>('/api/hq/totals', { signal });

export const fetchUnaccountedHeat = (cellMeters: number, signal?: AbortSignal) =>
  api.get<UnaccountedHeat>(`/api/hq/unaccounted-heat?cellMeters=${cellMeters}`, { signal });

export const fetchOccupancyTimeline = (signal?: AbortSignal) =>
  api.get<OccupancyTimeline>('/api/hq/timeline', { signal });
