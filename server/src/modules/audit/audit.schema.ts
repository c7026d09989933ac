import { z } from 'zod';

export const accessLogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ description: 'Cursor: `next` of the previous page' }),
});

export const accessLogEntry = z.object({
  at: z.string(),
  viewer: z.object({
    role: z.enum(['resident', 'shelter_staff', 'hq_operator', 'admin']),
    name: z.string().nullable().meta({ description: 'Name of a family member; null for staff and HQ' }),
  }),
  action: z
    .string()
    .meta({ description: 'e.g. view_whereabouts, view_profile, report_whereabouts, export_pfif' }),
  via: z.string().meta({ description: 'Screen or route, e.g. GET /api/me/family' }),
  purpose: z.string().nullable().meta({ description: 'Why, as recorded by staff or HQ' }),
});
export const accessLogPage = z.object({
  entries: z.array(accessLogEntry),
  next: z.number().int().nullable(),
});

export const chainVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  broken: z
    .object({
      seq: z.number().int(),
      reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap']),
    })
    .nullable(),
});
