import { z } from 'zod';
import { capAlertSchema, capAreaSchema } from '@geo/src/cap/cap.schema.js';

const hasLanguage = (languages: string[], base: string) =>
  languages.some((l) => l.toLowerCase().split('-')[0] === base);

/** What HQ composes: a CAP alert whose Alert/Update infos include Japanese and English. */
export const composeAlertBody = capAlertSchema.superRefine((alert, ctx) => {
  if (alert.msgType === 'Cancel') return;
  const languages = alert.info.map((info) => info.language);
  for (const base of ['ja', 'en']) {
    if (!hasLanguage(languages, base)) {
      ctx.addIssue({ code: 'custom', message: `an info in language ${base} is required`, path: ['info'] });
    }
  }
});

export const previewBody = z.strictObject({ area: z.array(capAreaSchema).min(1).max(50) });

export const previewResponse = z.object({
  total: z.number().int().meta({ description: 'People targeted, each counted once' }),
  home: z.number().int().meta({ description: 'Registered home inside' }),
  shelter: z.number().int().meta({ description: 'Checked in at a shelter inside' }),
  live: z.number().int().meta({ description: 'Sharing a live location inside' }),
});

export const alertSummarySchema = z.object({
  id: z.uuid(),
  identifier: z.string(),
  sender: z.string(),
  sent: z.string(),
  status: z.string(),
  msgType: z.string(),
  scope: z.string(),
  references: z.string().nullable(),
  lineageId: z.uuid(),
  incidentId: z.uuid().nullable(),
  origin: z.enum(['composed', 'imported']),
  expires: z.string().nullable(),
  supersededBy: z.uuid().nullable(),
  cancelled: z.boolean(),
  active: z.boolean(),
  targeted: z.number().int(),
  headline: z.string().nullable(),
  createdAt: z.string(),
});

export const issueResponse = z.object({
  alert: alertSummarySchema,
  targeted: z
    .number()
    .int()
    .meta({ description: 'Inbox entries written (targeted people, plus cancels on Update)' }),
  pushed: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Of those, entries pushed to people with a user account (null: not counted)' }),
});

export const alertDetailSchema = alertSummarySchema.extend({
  cap: z
    .record(z.string(), z.unknown())
    .meta({ description: 'The CAP document as JSON (CAP element names)' }),
  areas: z.array(
    z.object({
      info: z.number().int(),
      areaDesc: z.string(),
      footprint: z.record(z.string(), z.unknown()).nullable().meta({ description: 'GeoJSON MultiPolygon' }),
    }),
  ),
  stats: z.object({
    targeted: z.number().int(),
    delivered: z.number().int(),
    read: z.number().int(),
    responded: z.number().int(),
    needHelp: z.number().int(),
  }),
});

export const alertIdParams = z.strictObject({ id: z.uuid() });
export const needHelpParams = z.strictObject({ id: z.uuid(), position: z.coerce.number().int().positive() });
export const listAlertsQuery = z.strictObject({
  active: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const needHelpSchema = z.object({
  alertId: z.uuid(),
  position: z.number().int(),
  residentId: z.uuid(),
  name: z.string(),
  note: z.string().nullable(),
  location: z
    .object({ lat: z.number(), lon: z.number(), source: z.enum(['response', 'live', 'home']) })
    .nullable(),
  respondedAt: z.string(),
  assignedTo: z.uuid().nullable(),
  state: z.enum(['open', 'resolved', 'withdrawn']),
});

export const assignBody = z.strictObject({
  userId: z.uuid().optional().meta({ description: 'HQ operator to assign; default: yourself' }),
});
