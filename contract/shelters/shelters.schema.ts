import { z } from 'zod';

export const SHELTER_KINDS = ['designated_shelter', 'emergency_site', 'welfare_shelter'] as const;
export const SHELTER_STATUSES = ['open', 'closed', 'full'] as const;

export const municipalityCode = z.string().regex(/^\d{5}$/, 'must be a 5-digit JIS municipality code');

const bbox = z
  .string()
  .transform((value, ctx) => {
    const parts = value.split(',').map(Number);
    const [minLon, minLat, maxLon, maxLat] = parts;
    if (
      parts.length !== 4 ||
      minLon === undefined ||
      minLat === undefined ||
      maxLon === undefined ||
      maxLat === undefined ||
      parts.some((n) => !Number.isFinite(n)) ||
      minLon < -180 ||
      maxLon > 180 ||
      minLat < -90 ||
      maxLat > 90 ||
      minLon > maxLon ||
      minLat > maxLat
    ) {
      ctx.addIssue({ code: 'custom', message: 'must be minLon,minLat,maxLon,maxLat in WGS84 degrees' });
      return z.NEVER;
    }
    return { minLon, minLat, maxLon, maxLat };
  })
  .meta({ description: 'minLon,minLat,maxLon,maxLat (WGS84)', example: '136.8,36.9,137.1,37.2' });

export const listSheltersQuery = z.strictObject({
  municipality: municipalityCode.optional(),
  bbox: bbox.optional(),
  kind: z.enum(SHELTER_KINDS).optional(),
  status: z.enum(SHELTER_STATUSES).optional(),
});
export type ListSheltersFilter = z.output<typeof listSheltersQuery>;

export const shelterProperties = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(SHELTER_KINDS),
  municipalityCode: z.string(),
  capacity: z.number().int().nullable().meta({ description: 'Indoor capacity (people who can stay)' }),
  occupancy: z.number().int(),
  status: z.enum(SHELTER_STATUSES),
});

export const shelterFeature = z.object({
  type: z.literal('Feature'),
  id: z.uuid(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: shelterProperties,
});

export const shelterCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(shelterFeature),
});
