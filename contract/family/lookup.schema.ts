import { z } from 'zod';
import { personIdentityFields, personNameFields } from '../people/person-identity.js';
import { familyMember, historyEntry, municipalityCode, purpose } from './family.schema.js';

export const UNACCOUNTED_PAGE_MAX = 500;

export const profileResponse = z.object({
  id: z.uuid(),
  ...personIdentityFields,
  homeAddress: z.string().nullable(),
  homeMunicipality: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  careNeeds: z.array(z.string()),
  whereabouts: familyMember.shape.whereabouts,
  history: z.array(historyEntry),
});

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z
  .array(position)
  .min(4)
  .max(10_000)
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], 'a ring must end where it starts');
export const areaPolygon = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }),
  z.strictObject({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(ring).min(1).max(50)).min(1).max(50),
  }),
]);

const paging = {
  incidentId: z.uuid().optional().meta({ description: 'Default: the active incident' }),
  limit: z.coerce.number().int().min(1).max(UNACCOUNTED_PAGE_MAX).default(100),
  after: z.uuid().optional().meta({ description: 'Cursor: `next` of the previous page' }),
  purpose,
};
export const unaccountedByMunicipalityQuery = z.strictObject({ municipality: municipalityCode, ...paging });
export const unaccountedByPolygonBody = z.strictObject({ polygon: areaPolygon, ...paging });

export const unaccountedResponse = z.object({
  incident: z.object({ id: z.uuid(), name: z.string(), startedAt: z.string() }),
  people: z.array(
    z.object({
      id: z.uuid(),
      ...personNameFields,
      homeAddress: z.string().nullable(),
      careNeeds: z.array(z.string()),
    }),
  ),
  next: z.uuid().nullable(),
});
