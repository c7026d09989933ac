import { api } from './http';
import type { z } from 'zod';
import type { shelterProperties } from '@contract/shelters/shelters.schema';

export type ShelterKind = 'designated_shelter' | 'emergency_site' | 'welfare_shelter';
export type ShelterStatus = 'open' | 'closed' | 'full';

export type ShelterProperties = z.output<typeof shelterProperties>;

export type ShelterFeature = GeoJSON.Feature<GeoJSON.Point, ShelterProperties>;
export type ShelterCollection = GeoJSON.FeatureCollection<GeoJSON.Point, ShelterProperties>;

export interface ShelterQuery {
  municipality?: string;
  /** minLon, minLat, maxLon, maxLat */
  bbox?: [number, number, number, number];
}

export function fetchShelters(query: ShelterQuery = {}, signal?: AbortSignal): Promise<ShelterCollection> {
  const params = new URLSearchParams();
  if (query.municipality) params.set('municipality', query.municipality);
  if (query.bbox) params.set('bbox', query.bbox.join(','));
  const search = params.toString();
  return api.get<ShelterCollection>(`/api/shelters${search ? `?${search}` : ''}`, { signal });
}
