import { z } from 'zod';
import { attachmentSlot, formDefinition } from './form-definition.js';
import { DAMAGE_LEVELS } from './damage-levels.js';
import { APPLICATION_STATES } from './relief.states.js';

export const applicationState = z.enum(APPLICATION_STATES);

export const applicationParams = z.strictObject({ id: z.uuid() });
export const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });

export const createBody = z.strictObject({ programmeCode: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

/** Shape only; the programme's form definition validates the content (form-definition.ts). */
const answers = z
  .record(z.string().max(40), z.unknown())
  .refine((a) => Object.keys(a).length <= 60, 'too many answers');
export const answersBody = z.strictObject({ answers });
export const submitBody = z.strictObject({ answers: answers.optional() });

export const uploadQuery = z.strictObject({
  slot: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    .regex(/^[^\u0000-\u001f/\\]+$/, 'no path separators or control characters')
    .optional(),
});

export const decisionBody = z.strictObject({
  to: z.enum(['under_review', 'correction_requested', 'approved', 'rejected', 'issued', 'paid']),
  reason: z.string().trim().max(1000).optional(),
  fields: z
    .array(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/))
    .max(60)
    .optional(),
  damageLevel: z.enum(DAMAGE_LEVELS).optional(),
});

export const queueQuery = z.strictObject({
  programme: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .optional(),
  state: z
    .union([applicationState, z.array(applicationState)])
    .optional()
    .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s])),
  municipality: z
    .string()
    .regex(/^[0-9]{5}$/)
    .optional(),
  minAgeHours: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  afterSubmittedAt: z.iso.datetime({ offset: true }).optional(),
  afterId: z.uuid().optional(),
});

const localized = z.object({ ja: z.string(), en: z.string() });

export const programmeSchema = z.object({
  code: z.string(),
  name: localized,
  summary: localized,
  onePerHousehold: z.boolean(),
  reviewerRole: z.string(),
  outcome: z.enum(['issued', 'paid']),
  issuesCertificate: z.boolean(),
  form: formDefinition.meta({ description: 'Form definition (see docs/relief.md)' }),
  attachments: z.array(attachmentSlot),
});

export const attachmentSchema = z.object({
  id: z.uuid(),
  slot: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  fileName: z.string().nullable(),
  createdAt: z.string(),
});

export const eventSchema = z.object({
  from: applicationState.nullable(),
  to: applicationState,
  actorRole: z.string(),
  reason: z.string().nullable(),
  fields: z.array(z.string()),
  at: z.string(),
  onBehalf: z
    .enum(['staff', 'designee'])
    .nullable()
    .meta({ description: 'Taken for the applicant by staff or by a designee they allowed (代理)' }),
});

/** A paper original handed in at a counter: it stands for an upload in its slot. */
export const paperOriginalSchema = z.object({
  slot: z.string(),
  note: z.string().nullable(),
  receivedAt: z.string(),
});

export const applicationSummarySchema = z.object({
  id: z.uuid(),
  programmeCode: z.string(),
  state: applicationState,
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  certificateNumber: z.string().nullable(),
});

export const householdApplicationSchema = z.object({
  id: z.uuid(),
  programmeCode: z.string(),
  state: applicationState,
  applicant: z.object({ residentId: z.uuid(), name: z.string() }),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const applicationDetailSchema = applicationSummarySchema.extend({
  programme: programmeSchema,
  registry: z.record(z.string(), z.unknown()),
  answers: z.record(z.string(), z.unknown()),
  mailing: z.object({ postalCode: z.string().nullable(), address: z.string().nullable() }),
  correction: z.object({ fields: z.array(z.string()), note: z.string().nullable() }),
  decisionReason: z.string().nullable(),
  certifiedDamageLevel: z.string().nullable(),
  events: z.array(eventSchema),
  attachments: z.array(attachmentSchema),
  paperOriginals: z.array(paperOriginalSchema),
  /** Steps open to the viewer now. */
  nextStates: z.array(applicationState),
});

export const queueEntrySchema = z.object({
  id: z.uuid(),
  programmeCode: z.string(),
  state: applicationState,
  municipalityCode: z.string().nullable(),
  applicantName: z.string(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  attachmentCount: z.number().int(),
});
