import { z } from 'zod';

export const inboxResponse = z.enum(['safe', 'need_help', 'evacuating']);

export const inboxEntrySchema = z.object({
  position: z.number().int().meta({ description: 'Inbox position; increases with every entry' }),
  kind: z.enum(['alert', 'notice', 'application', 'account']),
  action: z.enum(['alert', 'update', 'cancel']).nullable(),
  alertId: z.uuid().nullable(),
  noticeId: z.uuid().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  response: inboxResponse.nullable(),
  respondedAt: z.string().nullable(),
  responseNote: z.string().nullable(),
  alert: z
    .object({
      msgType: z.string(),
      status: z.string(),
      sent: z.string(),
      expires: z.string().nullable(),
      active: z.boolean(),
      language: z.string().nullable(),
      event: z.string().nullable(),
      urgency: z.string().nullable(),
      severity: z.string().nullable(),
      certainty: z.string().nullable(),
      headline: z.string().nullable(),
      description: z.string().nullable(),
      instruction: z.string().nullable(),
    })
    .nullable(),
  notice: z
    .object({
      language: z.string(),
      title: z.string(),
      body: z.string(),
      link: z.string().nullable(),
      startsAt: z.string(),
      endsAt: z.string(),
    })
    .nullable(),
  /** A relief application changed state: which one, to what, and the reviewer's note. */
  application: z
    .object({
      applicationId: z.uuid(),
      programmeCode: z.string(),
      state: z.string(),
      reason: z.string().nullable(),
      fields: z.array(z.string()),
    })
    .nullable(),
  /**
   * The account itself: created with an enrolment code, or recovered with a new one; or another
   * member of the household created theirs (`member`: who, as the family list names them).
   */
  account: z
    .object({
      event: z.enum(['enrolled', 'recovered', 'household_member_enrolled']),
      member: z.object({ residentId: z.uuid(), displayName: z.string() }).nullable(),
    })
    .nullable(),
});

/** `GET /api/me/inbox`: entries after a position, and the highest position returned. */
export const inboxPageSchema = z.object({
  entries: z.array(inboxEntrySchema),
  /** The highest position returned, or `after` when the page is empty. */
  last: z.number().int(),
});

export const inboxListQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0).meta({ description: 'Last position the client has seen' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const positionParams = z.strictObject({ position: z.coerce.number().int().positive() });

/** A socket receipt names the entry by position, or a warning's entry by its alert (as pushed). */
export const receiptPayload = z.union([
  z.strictObject({ position: z.number().int().positive() }),
  z.strictObject({ alertId: z.uuid() }),
]);

export const respondBody = z.strictObject({
  response: inboxResponse,
  note: z.string().trim().max(500).optional(),
  location: z
    .strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .optional(),
});

export const respondPayload = respondBody.extend({ position: z.number().int().positive() });
