import { smsRejectedStatus, type DELIVERY_ERROR_IDS } from '../../api/delivery';
import type en from '../../i18n/reach.en.json';
import type ja from '../../i18n/reach.ja.json';
import type { TranslatedKey } from '../../shared/errorMessages';

type ReachErrorKey = TranslatedKey<typeof ja.reach.errors, typeof en.reach.errors, 'reach.errors'>;

/**
 * Words for every failure id the contract lists, typed both ways: an id without words in both
 * languages, or words for an id the server no longer records, fails the type check.
 */
const MESSAGES: Record<(typeof DELIVERY_ERROR_IDS)[number], ReachErrorKey> = {
  outcome_unknown: 'reach.errors.outcome_unknown',
  no_address: 'reach.errors.no_address',
  channel_unavailable: 'reach.errors.channel_unavailable',
  undeliverable: 'reach.errors.undeliverable',
  push_send_error: 'reach.errors.send_error',
  email_send_error: 'reach.errors.send_error',
  sms_send_error: 'reach.errors.send_error',
  push_subscription_gone: 'reach.errors.push_subscription_gone',
  push_throttled: 'reach.errors.push_throttled',
  push_service_unavailable: 'reach.errors.push_service_unavailable',
  push_rejected: 'reach.errors.push_rejected',
  push_timeout: 'reach.errors.push_timeout',
  email_mailbox_unknown: 'reach.errors.email_mailbox_unknown',
  email_rejected: 'reach.errors.email_rejected',
  email_deferred: 'reach.errors.email_deferred',
  email_timeout: 'reach.errors.email_timeout',
  email_unreachable: 'reach.errors.email_unreachable',
  email_failed: 'reach.errors.email_failed',
  sms_throttled: 'reach.errors.sms_throttled',
  sms_smsc_busy: 'reach.errors.sms_smsc_busy',
  sms_number_invalid: 'reach.errors.sms_number_invalid',
  sms_unavailable: 'reach.errors.sms_unavailable',
  sms_timeout: 'reach.errors.sms_timeout',
  sms_link_lost: 'reach.errors.sms_link_lost',
  sms_undeliv: 'reach.errors.sms_undeliv',
  sms_expired: 'reach.errors.sms_expired',
  sms_deleted: 'reach.errors.sms_deleted',
  sms_unknown: 'reach.errors.sms_unknown',
  sms_rejectd: 'reach.errors.sms_rejectd',
};

/**
 * The i18n key (and its values) that says why deliveries failed, for a stable id. An SMSC refusal
 * we have no name for keeps its command status; an id this client does not know yet (a newer
 * server) is "other" — the panel shows every id beside its words, so nothing is hidden.
 */
export function deliveryErrorText(errorId: string): { key: ReachErrorKey; values: Record<string, string> } {
  if (Object.hasOwn(MESSAGES, errorId))
    return { key: MESSAGES[errorId as keyof typeof MESSAGES], values: {} };
  const status = smsRejectedStatus(errorId);
  if (status !== null) return { key: 'reach.errors.sms_rejected', values: { status } };
  return { key: 'reach.errors.other', values: {} };
}
