import { ACCESS_ACTIONS } from '@contract/audit/access-actions';
import type { AccessLogEntry } from '../../api/family';

/** Actions the log explains in words (the server's list); a newer one is shown as its id. */
export const KNOWN_ACTIONS = ACCESS_ACTIONS;

export function actionKey(action: string): string | null {
  return (KNOWN_ACTIONS as readonly string[]).includes(action) ? `family.accessLog.action.${action}` : null;
}

/** Screens a resident recognises, by the route the server records; others are shown as recorded. */
const KNOWN_VIA: Record<string, string> = {
  'GET /api/me/family': 'familyList',
  'GET /api/me/family/:residentId': 'familyMember',
  'POST /api/me/family/:residentId/report': 'familyReport',
};

export function viaKey(via: string): string | null {
  const name = KNOWN_VIA[via];
  return name ? `family.accessLog.viaName.${name}` : null;
}

/** Acts on one's own account (enrolling, recovering, passkeys, kiosk PIN): always the person themselves. */
const OWN_ACCOUNT_ACTIONS = new Set([
  'account_enrolled',
  'account_recovered',
  'passkey_added',
  'passkey_removed',
  'kiosk_sign_in',
  'kiosk_card_locked',
  'kiosk_pin_set',
  'kiosk_pin_removed',
  'act_for_me_allowed',
  'act_for_me_withdrawn',
  'contact_point_set',
  'contact_point_verified',
  'contact_consent_given',
  'contact_consent_withdrawn',
  'contact_point_removed',
]);

/**
 * Who looked: a family member by name, staff and HQ by role. Staff who acted for the person (代理)
 * are named: the server gives a staff name for those entries only.
 */
export function viewerPhrase(entry: AccessLogEntry): { key: string; values?: Record<string, string> } {
  if (entry.viewer.role === 'resident' && OWN_ACCOUNT_ACTIONS.has(entry.action)) {
    return { key: 'family.accessLog.viewerSelf' };
  }
  if (entry.onBehalf && entry.viewer.role !== 'resident' && entry.viewer.name) {
    return { key: 'family.accessLog.viewerActingStaff', values: { name: entry.viewer.name } };
  }
  if (entry.viewer.role === 'resident') {
    return entry.viewer.name
      ? { key: 'family.accessLog.viewerFamily', values: { name: entry.viewer.name } }
      : { key: 'family.accessLog.role.resident' };
  }
  return { key: `family.accessLog.role.${entry.viewer.role}` };
}

/** Appends an older page, dropping rows already held (a refresh can overlap the next page). */
export function appendPage(held: AccessLogEntry[], page: AccessLogEntry[]): AccessLogEntry[] {
  const seen = new Set(held.map(entryKey));
  return [...held, ...page.filter((entry) => !seen.has(entryKey(entry)))];
}

export const entryKey = (entry: AccessLogEntry) =>
  `${entry.at}|${entry.viewer.role}|${entry.viewer.name ?? ''}|${entry.action}|${entry.via}`;
