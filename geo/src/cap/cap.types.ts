/**
 * CAP 1.2 (OASIS Common Alerting Protocol) vocabulary. Element names are kept exactly as in the
 * standard so the JSON API, the XML and the error paths all speak the same words.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
/** Ack and Error exist in CAP; this system neither sends nor accepts them. */
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

/** Statuses whose messages reach residents' inboxes. Test, System and Draft are kept, not delivered. */
export const DELIVERED_STATUSES: readonly CapStatus[] = ['Actual', 'Exercise'];

/** CAP dateTime: `2024-01-01T16:10:00+09:00` — numeric offset, no `Z`, no fractions (CAP 1.2 §3.3.2). */
export const CAP_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;

/** Largest circle radius accepted, in km: anything wider is a mistake, not a warning area. */
export const MAX_CIRCLE_RADIUS_KM = 500;
/** Most vertices in one polygon. */
export const MAX_POLYGON_POINTS = 10_000;
