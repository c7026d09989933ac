/**
 * Stable ids of why a delivery failed (`deliveries.error_id`), as HQ's reach funnel shows them.
 * Channel senders and receipts can only record ids listed here (`SendResult.errorId` is typed by
 * it), and the client's words are keyed by them, so a new reason without an explanation fails the
 * build. See docs/channels.md and docs/escalation.md for when each happens.
 */
export const DELIVERY_ERROR_IDS = [
  // Any channel (escalation itself).
  'outcome_unknown',
  'no_address',
  'channel_unavailable',
  'undeliverable',
  // A sender threw instead of answering (a fault of ours or of its library), retried.
  'push_send_error',
  'email_send_error',
  'sms_send_error',
  // Web Push.
  'push_subscription_gone',
  'push_throttled',
  'push_service_unavailable',
  'push_rejected',
  'push_timeout',
  // E-mail (SMTP).
  'email_mailbox_unknown',
  'email_rejected',
  'email_deferred',
  'email_timeout',
  'email_unreachable',
  'email_failed',
  // SMS (SMPP): answers to submit_sm, the link, then final delivery receipts.
  'sms_throttled',
  'sms_smsc_busy',
  'sms_number_invalid',
  'sms_unavailable',
  'sms_timeout',
  'sms_link_lost',
  'sms_undeliv',
  'sms_expired',
  'sms_deleted',
  'sms_unknown',
  'sms_rejectd',
] as const;

/** An SMSC's refusal of submit_sm with a command_status we have no name for, in hex. */
export type SmsRejectedId = `sms_rejected_0x${string}`;

export type DeliveryErrorId = (typeof DELIVERY_ERROR_IDS)[number] | SmsRejectedId;

const SMS_REJECTED = /^sms_rejected_(0x[0-9a-f]{1,8})$/;

/** The SMPP command_status of an `sms_rejected_0x…` id ("0x45"), or null for any other id. */
export function smsRejectedStatus(errorId: string): string | null {
  return SMS_REJECTED.exec(errorId)?.[1] ?? null;
}
