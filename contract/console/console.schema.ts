import { z } from 'zod';
import { TAP_OUTCOMES } from '../checkins/reader.protocol.js';
import { careNeeds, CARE_NEEDS, occupancySchema } from '../people/people.schema.js';
import { personIdentityFields } from '../people/person-identity.js';
import { SHELTER_KINDS, SHELTER_STATUSES } from '../shelters/shelters.schema.js';
import { STAY_TYPES } from '../whereabouts/whereabouts.types.js';

export const shelterIdParams = z.strictObject({ shelterId: z.uuid() });
export const occupantParams = z.strictObject({ shelterId: z.uuid(), residentId: z.uuid() });

export const shelterDetail = z.object({
  id: z.uuid(),
  name: z.string(),
  nameKana: z.string().nullable(),
  kind: z.enum(SHELTER_KINDS),
  address: z.string().nullable(),
  municipality: z.object({ code: z.string(), name: z.string() }),
  location: z.object({ lon: z.number(), lat: z.number() }),
  hazards: z.array(z.string()),
  capacity: z.object({ indoor: z.number().int().nullable(), outdoor: z.number().int().nullable() }),
  occupancy: z.object({ total: z.number().int(), day: z.number().int(), overnight: z.number().int() }),
  occupancyUpdatedAt: z.string().nullable(),
  status: z.enum(SHELTER_STATUSES),
  fullThresholdPercent: z.number().int(),
  specialCareInside: z
    .number()
    .int()
    .meta({ description: 'People inside with at least one care need (要配慮者)' }),
});

export const updateShelterBody = z
  .strictObject({
    status: z
      .enum(['open', 'closed'])
      .optional()
      .meta({ description: "Opening sets 'open' or 'full' from occupancy" }),
    fullThresholdPercent: z.number().int().min(1).max(200).optional(),
  })
  .refine(
    (body) => body.status !== undefined || body.fullThresholdPercent !== undefined,
    'give status or fullThresholdPercent',
  );

export const occupantsQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Filter by name in any script' }),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export const occupantSchema = z.object({
  residentId: z.uuid(),
  ...personIdentityFields,
  language: z.string(),
  careNeeds: z.array(z.enum(CARE_NEEDS)),
  stayType: z.enum(STAY_TYPES),
  since: z.string(),
  source: z.string(),
  safety: z.string().nullable(),
});
export const occupantList = z.object({
  total: z.number().int().meta({ description: 'People matching, before the limit' }),
  occupants: z.array(occupantSchema),
});

export const tapsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const tapLogEntry = z.object({
  eventId: z.uuid(),
  readerId: z.uuid(),
  readerName: z.string(),
  outcome: z.enum(TAP_OUTCOMES),
  errorId: z.string().nullable(),
  tappedAt: z.string(),
  receivedAt: z.string(),
  residentId: z.uuid().nullable(),
  displayName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  occupancyAfter: z.number().int().nullable(),
});
export const tapLog = z.object({ taps: z.array(tapLogEntry) });

export const checkinBody = z.strictObject({
  residentId: z.uuid(),
  action: z.enum(['check_in', 'check_out']),
  stayType: z
    .enum(STAY_TYPES)
    .optional()
    .meta({ description: 'For check_in; default: as before, else overnight' }),
});
export const checkinResult = z.object({
  outcome: z.enum(['checked_in', 'checked_out', 'transferred']),
  occupancy: occupancySchema,
});

export const transferBody = z.strictObject({ residentId: z.uuid(), toShelterId: z.uuid() });
export const transferResult = z.object({
  outcome: z.literal('transferred'),
  from: occupancySchema,
  to: occupancySchema,
});

export const updateOccupantBody = z
  .strictObject({ stayType: z.enum(STAY_TYPES).optional(), careNeeds: careNeeds.optional() })
  .refine(
    (body) => body.stayType !== undefined || body.careNeeds !== undefined,
    'give stayType or careNeeds',
  );
export const updateOccupantResult = z.object({
  residentId: z.uuid(),
  stayType: z.enum(STAY_TYPES),
  careNeeds: z.array(z.enum(CARE_NEEDS)),
  occupancy: occupancySchema,
});
