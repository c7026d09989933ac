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
    name: z
      .string()
      .nullable()
      .meta({ description: 'Name of a family member, or of the staff member who acted for me; else null' }),
  }),
  action: z
    .string()
    .meta({ description: 'e.g. view_whereabouts, view_profile, report_whereabouts, export_pfif' }),
  via: z.string().meta({ description: 'Screen or route, e.g. GET /api/me/family' }),
  purpose: z.string().nullable().meta({ description: 'Why, as recorded by staff or HQ' }),
  onBehalf: z
    .boolean()
    .meta({ description: 'Someone did this for me (代理): staff or a designee I allowed' }),
});
export const accessLogPage = z.object({
  entries: z.array(accessLogEntry),
  next: z.number().int().nullable(),
});

export const chainVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  subjects: z.number().int().meta({ description: 'People with a chain (one chain per person)' }),
  head: z
    .object({ seq: z.number().int(), hash: z.string() })
    .nullable()
    .meta({ description: "Newest entry and a digest of every person's last link: record it elsewhere" }),
  broken: z
    .object({
      seq: z.number().int().nullable().meta({ description: 'null when the entry itself is gone' }),
      subjectResidentId: z.uuid(),
      subjectSeq: z.number().int(),
      reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap', 'head_mismatch']),
    })
    .nullable(),
});
