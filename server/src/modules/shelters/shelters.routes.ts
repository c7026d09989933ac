import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import { listShelters, type ShelterRow } from './shelters.queries.js';
import {
  listSheltersQuery,
  shelterCollection,
  type shelterFeature,
} from '@contract/shelters/shelters.schema.js';

function toFeature(row: ShelterRow): z.input<typeof shelterFeature> {
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
    properties: {
      id: row.id,
      name: row.name,
      kind: row.kind,
      municipalityCode: row.municipality_code.trim(),
      capacity: row.capacity_indoor,
      occupancy: row.occupancy,
      status: row.status,
    },
  };
}

export function shelterRoutes(api: ApiRouter, db: Database): void {
  api.route({
    method: 'get',
    path: '/shelters',
    summary:
      'Shelters as a GeoJSON FeatureCollection (public), filterable by municipality, bbox, kind, status',
    tags: ['shelters'],
    access: 'public',
    query: listSheltersQuery,
    response: shelterCollection,
    responseContentType: 'application/geo+json',
    handler: async ({ query }) => ({
      type: 'FeatureCollection' as const,
      features: (await listShelters(db, query)).map(toFeature),
    }),
  });
}
