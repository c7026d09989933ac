/**
 * Every stable error id the server sends: HTTP error bodies `{ error: { id, message, details? } }`,
 * socket acknowledgements and reader protocol answers. The server can only raise ids listed here
 * (AppError takes an ErrorId), and the client's explanations are keyed by them, so a renamed id
 * breaks the build instead of reaching a person as "something went wrong".
 */

/** Any request: transport, authentication, validation and the server's own state. */
const REQUEST_ERROR_IDS = [
  'validation_failed',
  'malformed_json',
  'malformed_path',
  'payload_too_large',
  'unsupported_encoding',
  'unsupported_media_type',
  'invalid_character',
  'unauthenticated',
  'csrf_token_invalid',
  'forbidden',
  'not_found',
  'rate_limited',
  'database_unavailable',
  'internal_error',
  'session_expired',
] as const;

/** Sign-in and the account page. */
const ACCOUNT_ERROR_IDS = [
  'invalid_credentials',
  'wrong_password',
  'weak_password',
  'same_password',
] as const;

/** Card taps (reader protocol and the shelter console). */
const TAP_ERROR_IDS = [
  'invalid_tap',
  'invalid_batch',
  'tap_failed',
  'reader_key_invalid',
  'reader_revoked',
  'shelter_closed',
  'card_revoked',
  'tap_time_in_future',
  'event_id_reused',
  'not_checked_in',
] as const;

/** The shelter console: people, cards, check-in and transfer. */
const CONSOLE_ERROR_IDS = [
  'already_checked_in',
  'target_not_open',
  'same_shelter',
  'card_already_bound',
  'card_already_revoked',
  'card_unknown',
  'already_resolved',
  'empty_query',
  'invalid_kana',
  'search_in_progress',
  'search_busy',
  'search_rate_limited',
  'search_timeout',
] as const;

/** Family safety: reports, designees, invitations and staff lookups. */
const FAMILY_ERROR_IDS = [
  'empty_report',
  'shelter_required',
  'shelter_without_place',
  'municipality_without_place',
  'location_consent_required',
  'use_self_report',
  'cannot_designate_self',
  'too_many_designees',
  'too_many_invitations',
  'invitation_expired',
  'invitation_closed',
  'purpose_required',
  'invalid_polygon',
  'no_active_incident',
] as const;

/** Warnings (CAP), their inbox entries and need-help follow-up. */
const ALERT_ERROR_IDS = [
  'cap_invalid',
  'cap_too_large',
  'cap_xml_forbidden',
  'cap_xml_malformed',
  'cap_geocode_unknown',
  'cap_reference_unknown',
  'alert_cancelled',
  'alert_exists',
  'not_respondable',
  'assignee_invalid',
] as const;

/** Notices and the resident's notice settings. */
const NOTICE_ERROR_IDS = [
  'notice_personal_data',
  'notice_municipality_unknown',
  'notice_polygon_invalid',
  'notice_period_invalid',
  'notice_start_in_future',
  'lives_now_municipality_invalid',
  'lives_now_municipality_unknown',
  'lives_now_name_required',
] as const;

/** Relief applications, their attachments and certificates. */
const RELIEF_ERROR_IDS = [
  'already_applied_household',
  'application_not_editable',
  'illegal_transition',
  'form_invalid',
  'fields_required',
  'unknown_fields',
  'reason_required',
  'damage_level_required',
  'certificate_not_issued',
  'unknown_slot',
  'attachments_missing',
  'attachment_empty',
  'attachment_too_large',
  'attachment_slot_full',
  'attachment_store_full',
  'attachment_store_unavailable',
  'attachment_unsupported_type',
  'attachment_polyglot',
  'attachment_truncated',
  'draft_quota_exceeded',
  'household_draft_quota_exceeded',
  'attachment_quota_exceeded',
  'household_attachment_quota_exceeded',
] as const;

/** Enrolment codes and passkeys (shelter_required and weak_password are listed above). */
const ENROLMENT_ERROR_IDS = [
  'enrolment_invalid',
  'enrolment_minor',
  'account_disabled',
  'passkey_invalid',
  'passkey_sign_in_failed',
  'last_credential',
  'letters_empty',
  'letters_not_ready',
  'letters_not_cancellable',
] as const;

/** Kiosks at shelters: card + PIN sign-in, PINs, the kiosk device key. */
const KIOSK_ERROR_IDS = [
  'kiosk_key_invalid',
  'kiosk_sign_in_failed',
  'kiosk_card_locked',
  'kiosk_session_limited',
  'kiosk_revoked',
  'weak_pin',
] as const;

/** Visit tasks for the people a warning did not reach. */
const VISIT_ERROR_IDS = ['visit_task_closed', 'visit_outside_area', 'visit_assignee_invalid'] as const;
/** Acting for a resident (代理): staff acting sessions and designees who may act for someone. */
const ACTING_ERROR_IDS = ['acting_session_required', 'acting_not_allowed'] as const;
/** A resident's e-mail address and mobile number for warnings: verification and consent. */
const CONTACT_ERROR_IDS = [
  'contact_address_invalid',
  'contact_code_invalid',
  'contact_channel_unavailable',
  'contact_send_failed',
  'contact_address_rejected',
  'consent_version_outdated',
] as const;
/**
 * Web Push: subscribing a device, why a send to a device failed (SendResult.errorId, shown at HQ
 * per delivery), and a receipt token the server did not sign.
 */
const PUSH_ERROR_IDS = [
  'push_endpoint_invalid',
  'push_keys_invalid',
  'push_subscription_gone',
  'push_throttled',
  'push_service_unavailable',
  'push_timeout',
  'push_rejected',
  'push_receipt_invalid',
] as const;

/** Letters by post or by hand for the people no channel reaches. */
const POST_ERROR_IDS = [
  'post_letters_empty',
  'post_letters_not_ready',
  'post_letters_not_cancellable',
  'post_letters_failed',
  'post_source_gone',
] as const;

export const ERROR_IDS = [
  ...REQUEST_ERROR_IDS,
  ...ACCOUNT_ERROR_IDS,
  ...TAP_ERROR_IDS,
  ...CONSOLE_ERROR_IDS,
  ...FAMILY_ERROR_IDS,
  ...ALERT_ERROR_IDS,
  ...NOTICE_ERROR_IDS,
  ...RELIEF_ERROR_IDS,
  ...ENROLMENT_ERROR_IDS,
  ...KIOSK_ERROR_IDS,
  ...VISIT_ERROR_IDS,
  ...ACTING_ERROR_IDS,
  ...CONTACT_ERROR_IDS,
  ...PUSH_ERROR_IDS,
  ...POST_ERROR_IDS,
] as const;

export type ErrorId = (typeof ERROR_IDS)[number];

/** The error body of every failed HTTP request and of refused socket acknowledgements. */
export interface ErrorBody {
  error: { id: ErrorId; message: string; details?: unknown };
}
