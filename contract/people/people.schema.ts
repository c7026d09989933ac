import { z } from 'zod';
import { PLACES, STAY_TYPES } from '../whereabouts/whereabouts.types.js';
import { personIdentityFields } from './person-identity.js';

export const CARE_NEEDS = ['elderly', 'disability', 'infant', 'pregnancy', 'medical', 'language'] as const;
export const CARD_KINDS = ['my_number', 'transit', 'issued', 'other'] as const;
export const SEARCH_LIMIT_MAX = 50;
/**
 * Longest name a search takes: long enough for any real name in any script (with a space), short
 * enough to bound the trigram work a single query can ask for.
 */
export const SEARCH_QUERY_MAX = 40;

export const isoDate = z.iso.date().meta({ description: 'YYYY-MM-DD' });
export const purpose = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .meta({ description: 'Why the data is looked at; stored in the access log' });
export const careNeeds = z
  .array(z.enum(CARE_NEEDS))
  .max(CARE_NEEDS.length)
  .transform((needs) => [...new Set(needs)]);

export const searchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(SEARCH_QUERY_MAX)
    .meta({ description: 'Name in kanji, kana (hiragana/katakana, full or half width) or romaji' }),
  birthDate: isoDate.optional().meta({ description: 'Only people born on this day' }),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
  purpose,
});
export type SearchQuery = z.output<typeof searchQuery>;

export const whereaboutsSummary = z.object({
  place: z.enum(PLACES),
  shelterId: z.uuid().nullable(),
  shelterName: z.string().nullable(),
  stayType: z.enum(STAY_TYPES).nullable(),
  since: z.string(),
});

export const personSummary = z.object({
  id: z.uuid(),
  ...personIdentityFields,
  homeMunicipality: z.object({ code: z.string(), name: z.string() }).nullable(),
  whereabouts: whereaboutsSummary.nullable(),
  score: z.number().meta({ description: 'Name similarity 0..1, best first' }),
});
export const searchResponse = z.object({ people: z.array(personSummary) });

/** A card tapped on a counter's reader: the UID a keyboard-wedge reader types, and why. */
export const cardLookupBody = z.strictObject({
  cardUid: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f:\s-]{8,64}$/, 'a card UID is 4 to 32 hex bytes')
    .meta({ description: 'The UID/IDm the card reader gives, in hex', example: '04A1B2C3D4E5F6' }),
  purpose,
});
export const cardLookupResponse = z.object({ person: personSummary });

export const residentIdParams = z.strictObject({ residentId: z.uuid() });
export const cardIdParams = z.strictObject({ cardId: z.uuid() });
export const shelterIdParams = z.strictObject({ shelterId: z.uuid() });
export const unknownCardParams = z.strictObject({ shelterId: z.uuid(), eventId: z.uuid() });

export const cardSchema = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  kind: z.enum(CARD_KINDS),
  active: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const cardList = z.object({ cards: z.array(cardSchema) });

export const bindCardBody = z.strictObject({
  cardUid: z.string().regex(/^[0-9A-Fa-f]{8,32}$/, 'must be 8 to 32 hex digits'),
  kind: z.enum(CARD_KINDS),
});

export const unknownCardSchema = z.object({
  eventId: z.uuid(),
  readerId: z.uuid(),
  readerName: z.string(),
  tappedAt: z.string(),
  receivedAt: z.string(),
  cardRef: z
    .string()
    .meta({ description: 'Short reference that is the same for every tap of one card (not the UID)' }),
});
export const unknownCardList = z.object({ taps: z.array(unknownCardSchema) });
export const unknownCardsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const bindUnknownBody = z.strictObject({ residentId: z.uuid(), kind: z.enum(CARD_KINDS) });

export const occupancySchema = z.object({
  shelterId: z.uuid(),
  occupancy: z.number().int(),
  occupancyDay: z.number().int(),
  occupancyOvernight: z.number().int(),
  capacity: z.number().int().nullable(),
  status: z.enum(['open', 'closed', 'full']),
});

export const bindResult = z.object({
  cardId: z.uuid(),
  residentId: z.uuid(),
  resolvedEventIds: z.array(z.uuid()),
  checkedIn: z
    .boolean()
    .meta({ description: 'False when a newer state of the person kept the tap in history only' }),
  occupancy: occupancySchema.nullable(),
});

const kanaField = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .meta({ description: 'Reading in katakana or hiragana; stored as katakana' });

export const walkInBody = z.strictObject({
  familyName: z.string().trim().min(1).max(100),
  givenName: z.string().trim().min(1).max(100),
  familyNameKana: kanaField.optional(),
  givenNameKana: kanaField.optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(['female', 'male', 'other', 'unspecified']),
  registration: z.enum(['visitor', 'tourist', 'no_papers']),
  language: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag like ja or pt-BR')
    .optional(),
  careNeeds: careNeeds.optional(),
  unknownCardEventId: z
    .uuid()
    .optional()
    .meta({ description: 'Bind the card of this unknown-card tap and check in at its time' }),
  cardKind: z.enum(CARD_KINDS).optional().meta({ description: "Kind of that card; default 'other'" }),
  checkIn: z
    .boolean()
    .default(true)
    .meta({ description: 'Check the person in now (ignored with unknownCardEventId)' }),
  stayType: z.enum(STAY_TYPES).optional(),
});
export type WalkInInput = z.output<typeof walkInBody>;

export const walkInResult = z.object({
  residentId: z.uuid(),
  cardId: z.uuid().nullable(),
  checkedIn: z.boolean(),
  occupancy: occupancySchema.nullable(),
});
