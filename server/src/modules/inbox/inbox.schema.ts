import { z } from 'zod';
import type { InboxRow } from './inbox.queries.js';

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
  /** The account itself: created with an enrolment code, or recovered with a new one. */
  account: z.object({ event: z.enum(['enrolled', 'recovered']) }).nullable(),
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

export function presentInboxEntry(row: InboxRow): z.input<typeof inboxEntrySchema> {
  return {
    position: row.position,
    kind: row.kind,
    action: row.action,
    alertId: row.alert_id,
    noticeId: row.notice_id,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    readAt: row.read_at?.toISOString() ?? null,
    response: row.response,
    respondedAt: row.responded_at?.toISOString() ?? null,
    responseNote: row.response_note,
    alert:
      row.alert_id && row.msg_type && row.status && row.sent
        ? {
            msgType: row.msg_type,
            status: row.status,
            sent: row.sent.toISOString(),
            expires: row.expires?.toISOString() ?? null,
            active: row.active ?? false,
            language: row.language,
            event: row.event,
            urgency: row.urgency,
            severity: row.severity,
            certainty: row.certainty,
            headline: row.headline,
            description: row.description,
            instruction: row.instruction,
          }
        : null,
    notice:
      row.notice_id && row.notice_title && row.notice_body && row.notice_starts_at && row.notice_ends_at
        ? {
            language: row.notice_language ?? 'ja',
            title: row.notice_title,
            body: row.notice_body,
            link: row.notice_link,
            startsAt: row.notice_starts_at.toISOString(),
            endsAt: row.notice_ends_at.toISOString(),
          }
        : null,
    application:
      row.application_id && row.application_programme && row.application_state
        ? {
            applicationId: row.application_id,
            programmeCode: row.application_programme,
            state: row.application_state,
            reason: row.application_reason,
            fields: row.application_fields ?? [],
          }
        : null,
    account: row.account_event ? { event: row.account_event } : null,
  };
}
