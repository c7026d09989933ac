import type { Queryable } from '../../db/database.js';
import type { ListSheltersFilter } from '@contract/shelters/shelters.schema.js';

export interface ShelterRow {
  id: string;
  name: string;
  kind: 'designated_shelter' | 'emergency_site' | 'welfare_shelter';
  municipality_code: string;
  capacity_indoor: number | null;
  occupancy: number;
  status: 'open' | 'closed' | 'full';
  lon: number;
  lat: number;
}

export async function listShelters(db: Queryable, filter: ListSheltersFilter): Promise<ShelterRow[]> {
  const { rows } = await db.query<ShelterRow>(
    `SELECT id, name, kind, municipality_code, capacity_indoor, occupancy, status,
            ST_X(location) AS lon, ST_Y(location) AS lat
       FROM shelters
      WHERE ($1::text IS NULL OR municipality_code = $1)
        AND ($2::float8 IS NULL OR location && ST_MakeEnvelope($2, $3, $4, $5, 4326))
        AND ($6::text IS NULL OR kind = $6)
        AND ($7::text IS NULL OR status = $7)
      ORDER BY municipality_code, name, id`,
    [
      filter.municipality ?? null,
      filter.bbox?.minLon ?? null,
      filter.bbox?.minLat ?? null,
      filter.bbox?.maxLon ?? null,
      filter.bbox?.maxLat ?? null,
      filter.kind ?? null,
      filter.status ?? null,
    ],
  );
  return rows;
}
