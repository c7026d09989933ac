/** Acting for a resident (代理): staff acting sessions and designees who may "act for me". */
import { z } from 'zod';

/** How the person said yes to being helped: face to face, on the phone or through someone, on paper. */
export const CONSENT_KINDS = ['in_person', 'verbal', 'written'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const startActingBody = z.strictObject({
  residentId: z.uuid(),
  consent: z.enum(CONSENT_KINDS),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ description: "Why, in a few words: shown in the person's access log with each act" }),
  identityChecked: z.literal(true).meta({ description: 'Staff checked who the person is' }),
});

export const actingSessionSchema = z.object({
  sessionId: z.uuid(),
  residentId: z.uuid(),
  name: z.string().meta({ description: "The person's registered name" }),
  shelterId: z.uuid().nullable(),
  consent: z.enum(CONSENT_KINDS),
  reason: z.string(),
  startedAt: z.string(),
  expiresAt: z.string(),
  endedAt: z.string().nullable(),
});
export const currentActingSession = z.object({ session: actingSessionSchema.nullable() });

export const sessionParams = z.strictObject({ sessionId: z.uuid() });
export const sessionApplicationParams = z.strictObject({ sessionId: z.uuid(), id: z.uuid() });

export const paperReceivedBody = z.strictObject({
  slot: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
  note: z.string().trim().min(1).max(200).optional(),
});

/** The subject turns "act for me" on or off for one of their accepted designees. */
export const actForMeBody = z.strictObject({ allowed: z.boolean() });

/** Someone who allowed me (their designee) to act for them. */
export const actingForPerson = z.object({
  residentId: z.uuid(),
  familyName: z.string(),
  givenName: z.string(),
  since: z.string().nullable(),
});
export const actingForList = z.object({ people: z.array(actingForPerson) });

export const subjectParams = z.strictObject({ residentId: z.uuid() });
export const subjectApplicationParams = z.strictObject({ residentId: z.uuid(), id: z.uuid() });
