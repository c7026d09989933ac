/** Inbox rows as the API shows them (shape in the contract: @contract/inbox/inbox.schema). */
import type { z } from 'zod';
import type { InboxNewEvent } from '@contract/events.js';
import type { inboxEntrySchema } from '@contract/inbox/inbox.schema.js';
import type { InboxRow } from './inbox.queries.js';

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
    account: row.account_event
      ? {
          event: row.account_event,
          member:
            row.account_member_id && row.account_member_name
              ? { residentId: row.account_member_id, displayName: row.account_member_name }
              : null,
        }
      : null,
  };
}

type EntryEventFields = Partial<Pick<InboxNewEvent, 'noticeId' | 'language' | 'headline' | 'sent'>> &
  Pick<InboxNewEvent, 'applicationId' | 'applicationState'>;

/**
 * The `inbox:new` event of an entry that is not a warning (a notice, an application change, the
 * account's own news): the warning fields stay empty, so the client reads it by its kind.
 */
export function entryEvent(
  position: number,
  kind: Exclude<InboxNewEvent['kind'], 'alert'>,
  fields: EntryEventFields = {},
): InboxNewEvent {
  return {
    position,
    kind,
    action: null,
    alertId: null,
    msgType: null,
    status: null,
    severity: null,
    urgency: null,
    language: fields.language ?? null,
    event: null,
    headline: fields.headline ?? null,
    sent: fields.sent ?? null,
    ...(fields.noticeId !== undefined ? { noticeId: fields.noticeId } : {}),
    ...(fields.applicationId !== undefined ? { applicationId: fields.applicationId } : {}),
    ...(fields.applicationState !== undefined ? { applicationState: fields.applicationState } : {}),
  };
}
