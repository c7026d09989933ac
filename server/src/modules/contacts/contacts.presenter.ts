import type { ContactPoint, ContactStatus } from '@contract/contacts/contacts.schema.js';
import type { ContactPointRow } from './contacts.queries.js';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function statusOf(row: ContactPointRow, now: Date): ContactStatus {
  if (row.verified_at) return 'verified';
  if (row.gone_at) return 'gone';
  if (row.code_hash && row.code_expires_at && row.code_expires_at > now) return 'waiting_for_code';
  return 'unverified';
}

/** The person's own contact point, as their settings page shows it. */
export function presentContactPoint(row: ContactPointRow, now = new Date()): ContactPoint {
  const status = statusOf(row, now);
  const consentGiven = row.consent_at !== null && row.withdrawn_at === null;
  return {
    channel: row.channel,
    address: row.address,
    status,
    verifiedAt: iso(row.verified_at),
    codeExpiresAt: status === 'waiting_for_code' ? iso(row.code_expires_at) : null,
    consent: {
      given: consentGiven,
      at: iso(row.consent_at),
      version: row.consent_version,
      withdrawnAt: iso(row.withdrawn_at),
    },
    gone: row.gone_at && row.gone_reason ? { at: row.gone_at.toISOString(), reason: row.gone_reason } : null,
    usable: status === 'verified' && consentGiven,
  };
}
