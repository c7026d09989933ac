import { z } from 'zod';
import { DAMAGE_FILTERS, HOUSEHOLD_MEMBERS, WHEREABOUTS_FILTERS } from './notices.attributes.js';

const municipalityCode = z.string().regex(/^[0-9]{5}$/, 'a five-digit JIS X 0402 code');
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** Every criterion is optional; the ones given must all hold (within one, any value matches). */
export const targetingSchema = z
  .strictObject({
    municipalityCodes: z
      .array(municipalityCode)
      .max(100)
      .optional()
      .meta({ description: 'Home municipalities; with polygons, a home in either counts' }),
    polygons: z
      .array(z.array(lonLat).min(4).max(2000))
      .max(20)
      .optional()
      .meta({ description: 'Closed rings of [lon, lat]; residents whose registered home is inside' }),
    ageMin: z.number().int().min(0).max(130).optional(),
    ageMax: z.number().int().min(0).max(130).optional(),
    householdHas: z.array(z.enum(HOUSEHOLD_MEMBERS)).max(HOUSEHOLD_MEMBERS.length).optional().meta({
      description: 'The household includes each of these (infant <1, child <15, elderly 65+, disability)',
    }),
    whereabouts: z.array(z.enum(WHEREABOUTS_FILTERS)).max(WHEREABOUTS_FILTERS.length).optional(),
    houseDamage: z.array(z.enum(DAMAGE_FILTERS)).max(DAMAGE_FILTERS.length).optional(),
  })
  .refine((t) => t.ageMin === undefined || t.ageMax === undefined || t.ageMin <= t.ageMax, {
    message: 'ageMin must not be above ageMax',
    path: ['ageMax'],
  });
export type Targeting = z.output<typeof targetingSchema>;

const noticeText = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(5000),
});

export const noticeTextsSchema = z
  .strictObject({ ja: noticeText, en: noticeText.optional() })
  .meta({ description: 'One text per language; Japanese is required' });
export type NoticeTexts = z.output<typeof noticeTextsSchema>;

/** A programme page or form: https anywhere, or a path of this site. */
const link = z
  .string()
  .trim()
  .max(500)
  .refine((value) => /^\/(?!\/)\S*$/.test(value) || /^https:\/\/[^\s/]+\.[^\s]+$/.test(value), {
    message: 'an https:// address or a path starting with /',
  });

export const composeNoticeBody = z.strictObject({
  texts: noticeTextsSchema,
  link: link.optional(),
  startsAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'Default: now' }),
  endsAt: z.iso.datetime({ offset: true }),
  targeting: targetingSchema,
});
export type ComposeNotice = z.output<typeof composeNoticeBody>;

/** A draft as it is being typed: a field may still be empty (the compose form previews as staff type). */
const draftText = z.strictObject({
  title: z.string().trim().max(200).optional(),
  body: z.string().trim().max(5000).optional(),
});

export const previewNoticeBody = z.strictObject({
  targeting: targetingSchema,
  texts: z
    .strictObject({ ja: draftText.optional(), en: draftText.optional() })
    .optional()
    .meta({ description: 'When given, also checked for personal data' }),
});

const personalDataProblem = z.object({
  field: z.string().meta({ description: 'ja.title, ja.body, en.title or en.body' }),
  kind: z.string().meta({
    description: 'birth_date, phone, postal_code, address, my_number, email, personal_amount, resident_name',
  }),
});

export const previewNoticeResponse = z.object({
  total: z.number().int().meta({ description: 'Consenting residents the notice would reach' }),
  withAccount: z.number().int().meta({ description: 'Of those, people with a portal account (pushed live)' }),
  personalData: z.array(personalDataProblem),
});

export const noticeSchema = z.object({
  id: z.uuid(),
  texts: z.object({
    ja: z.object({ title: z.string(), body: z.string() }),
    en: z.object({ title: z.string(), body: z.string() }).nullable(),
  }),
  link: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  active: z.boolean(),
  targeting: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  stats: z.object({ targeted: z.number().int(), delivered: z.number().int(), read: z.number().int() }),
});

export const sendNoticeResponse = z.object({
  notice: noticeSchema,
  targeted: z.number().int(),
  pushed: z.number().int().meta({ description: 'Entries pushed now to people with an account' }),
});

export const listNoticesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const noticeIdParams = z.strictObject({ id: z.uuid() });

/** What a resident sets in the portal: where they live now and whether they want notices. */
export const noticeSettingsBody = z.strictObject({
  noticeConsent: z.boolean(),
  livesNow: z
    .strictObject({
      municipalityCode,
      municipalityName: z.string().trim().min(1).max(100).optional().meta({
        description: 'Required for a municipality outside the region list (e.g. 13101 千代田区)',
      }),
      address: z.string().trim().min(1).max(300).optional(),
    })
    .nullable()
    .meta({ description: 'null: I live at my registered home' }),
});
export type NoticeSettingsInput = z.output<typeof noticeSettingsBody>;

export const noticeSettingsSchema = z.object({
  noticeConsent: z.boolean(),
  homeMunicipalityCode: z.string().nullable(),
  livesNow: z
    .object({
      municipalityCode: z.string(),
      municipalityName: z.string(),
      address: z.string().nullable(),
      inRegion: z.boolean(),
      updatedAt: z.string().nullable(),
    })
    .nullable(),
  evacuatedOutside: z.boolean(),
});
