import { z } from 'zod';
import { PLACES, REPORT_SOURCES, SAFETY, STAY_TYPES } from '../whereabouts/whereabouts.types.js';

export const VISIBILITIES = ['household_and_designees', 'household', 'designees', 'nobody'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const RELATIONS = ['self', 'household', 'designated_me'] as const;
export type Relation = (typeof RELATIONS)[number];

const purpose = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .meta({ description: 'Why; stored in the access log and shown to the person' });
const municipalityCode = z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit municipality code');

export const residentIdParams = z.strictObject({ residentId: z.uuid() });
export const designationIdParams = z.strictObject({ designationId: z.uuid() });
export const invitationIdParams = z.strictObject({ invitationId: z.uuid() });

export const whereaboutsView = z.object({
  place: z.enum(PLACES),
  shelter: z.object({ id: z.uuid(), name: z.string(), address: z.string().nullable() }).nullable(),
  stayType: z.enum(STAY_TYPES).nullable(),
  municipality: z
    .object({ code: z.string(), name: z.string().nullable() })
    .nullable()
    .meta({ description: 'Where the person evacuated to (place evacuated_outside)' }),
  safety: z.enum(SAFETY).nullable(),
  source: z.enum(REPORT_SOURCES),
  reportedAt: z.string(),
  note: z.string().nullable(),
});

export const familyMember = z.object({
  residentId: z.uuid(),
  familyName: z.string(),
  givenName: z.string(),
  relation: z.enum(RELATIONS),
  minor: z.boolean(),
  whereabouts: whereaboutsView.nullable().meta({ description: 'null: nothing reported yet' }),
});
export const familyResponse = z.object({ self: familyMember, members: z.array(familyMember) });

export const historyEntry = z.object({
  place: z.enum(PLACES),
  shelterName: z.string().nullable(),
  stayType: z.enum(STAY_TYPES).nullable(),
  municipality: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  safety: z.enum(SAFETY).nullable(),
  source: z.enum(REPORT_SOURCES),
  note: z.string().nullable(),
  occurredAt: z.string(),
  late: z.boolean(),
});
export const familyMemberDetail = familyMember.extend({ history: z.array(historyEntry) });

export const privacySettings = z.object({
  whereaboutsVisibility: z.enum(VISIBILITIES),
  discloseSafety: z
    .boolean()
    .meta({ description: 'Consent to pass my safety record to Person Finder (PFIF)' }),
  minor: z.boolean().meta({ description: 'Under 18: the adults of the household always see my whereabouts' }),
});
export const privacyPatch = z
  .strictObject({
    whereaboutsVisibility: z.enum(VISIBILITIES).optional(),
    discloseSafety: z.boolean().optional(),
  })
  .refine((body) => body.whereaboutsVisibility !== undefined || body.discloseSafety !== undefined, {
    message: 'give whereaboutsVisibility or discloseSafety',
  });

const reportFields = {
  safety: z.enum(SAFETY).optional(),
  place: z.enum(PLACES).optional().meta({ description: 'Omitted: the place stays as it is' }),
  shelterId: z.uuid().optional().meta({ description: 'Required with place shelter' }),
  stayType: z.enum(STAY_TYPES).optional(),
  municipalityCode: municipalityCode.optional().meta({ description: 'With place evacuated_outside only' }),
  note: z.string().trim().min(1).max(500).optional(),
};

export const selfReportBody = z.strictObject({
  ...reportFields,
  location: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      accuracy: z.number().int().min(0).max(100_000).optional().meta({ description: 'metres' }),
    })
    .optional()
    .meta({ description: 'Current position; sent only with shareLocation: true' }),
  shareLocation: z
    .boolean()
    .optional()
    .meta({ description: 'Consent to keep this position for 2 hours for help' }),
});
export type SelfReportInput = z.output<typeof selfReportBody>;
export const familyReportBody = z.strictObject(reportFields);
export const staffReportBody = z.strictObject({ ...reportFields, purpose });
export type ReportInput = z.output<typeof familyReportBody>;

export const reportResult = z.object({
  applied: z
    .boolean()
    .meta({ description: 'False when a newer state exists; the report went into history only' }),
  whereabouts: whereaboutsView.nullable(),
  locationKeptUntil: z.string().nullable(),
});

export const staffLookupQuery = z.strictObject({
  purpose: purpose.optional().meta({ description: 'Required unless the person is in one of your shelters' }),
  historyLimit: z.coerce.number().int().min(1).max(500).default(100),
});
export { purpose, municipalityCode };
