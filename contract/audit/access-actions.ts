/** What was seen or done with a person's data; shown to that person in their access log. */
export const ACCESS_ACTIONS = [
  'search_result',
  // Found by tapping their card on a counter's reader (the card alone names them).
  'card_lookup',
  'view',
  'view_whereabouts',
  'view_profile',
  'report_whereabouts',
  'list_unaccounted',
  'export_anpi',
  'export_pfif',
  'view_application',
  'view_attachment',
  'list_applications',
  'notice_preview',
  'notice_name_check',
  'enrolment_code_issued',
  'enrolment_code_revoked',
  'account_enrolled',
  'account_recovered',
  // A household member with an account was told (inbox, channels) that the person created theirs.
  'enrolment_told_household',
  'passkey_added',
  'passkey_removed',
  'kiosk_sign_in',
  'kiosk_card_locked',
  'kiosk_card_unlocked',
  'kiosk_pin_set',
  'kiosk_pin_removed',
  'kiosk_pin_reset',
  'list_unreached',
  'view_visit_task',
  'print_visit_route',
  // Acting for the person (代理): staff in an acting session, or a designee allowed to act for them.
  'acting_started',
  'acting_ended',
  'acting_safety_reported',
  'acting_applications_listed',
  'acting_application_viewed',
  'acting_application_created',
  'acting_application_saved',
  'acting_application_submitted',
  'acting_paper_received',
  'acting_notices_read',
  // The person allowing or no longer allowing a designee to act for them.
  'act_for_me_allowed',
  'act_for_me_withdrawn',
  'contact_point_set',
  'contact_point_verified',
  'contact_consent_given',
  'contact_consent_withdrawn',
  'contact_point_removed',
  'post_letter_downloaded',
] as const;

/** Acts done for the person by someone else: the access log names who acted, even staff. */
export const isActingAction = (action: string): boolean => action.startsWith('acting_');
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
