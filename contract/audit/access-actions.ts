/** What was seen or done with a person's data; shown to that person in their access log. */
export const ACCESS_ACTIONS = [
  'search_result',
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
  'passkey_added',
  'passkey_removed',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
