import { z } from 'zod';

/** `GET /api/config`: public settings the web client needs before anyone signs in. */
export const clientConfig = z.object({
  mapTileUrl: z.string().nullable(),
  mapTileAttribution: z.string().nullable(),
  database: z.enum(['postgres', 'embedded']),
  version: z.string(),
});
