import type { ContactChannel } from './contacts.schema.js';

/** RFC 5321: a path of at most 256 octets, brackets included, so 254 for the address itself. */
export const EMAIL_MAX_LENGTH = 254;
const LOCAL_PART_MAX = 64;

/** Dot-atom local part (RFC 5322 without quoted strings: no mail system here needs them). */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * An e-mail address as mail servers take it, or null: a dot-atom local part and a domain of at
 * least two labels. The domain is lowercased (it is case-insensitive); the local part is kept as
 * typed, since the receiving server decides whether its case matters.
 */
export function normaliseEmail(input: string): string | null {
  const value = input.trim();
  if (value.length > EMAIL_MAX_LENGTH) return null;
  const at = value.lastIndexOf('@');
  if (at <= 0) return null;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > LOCAL_PART_MAX || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  if (!TOP_LEVEL.test(labels[labels.length - 1] ?? '')) return null;
  return `${local}@${domain}`;
}

/** E.164: a country code and subscriber number, at most 15 digits, no leading zero. */
const E164 = /^\+[1-9][0-9]{6,14}$/;
/** Japanese mobile numbers as dialled at home: 070, 080 or 090 and eight digits. */
const JAPANESE_MOBILE = /^0([789]0[0-9]{8})$/;
/** Written with the country code but the domestic 0 kept: +81 90-… and +81 090-… both happen. */
const JAPANESE_WITH_TRUNK_ZERO = /^\+810([1-9][0-9]{8,9})$/;

/**
 * A mobile number in E.164 (+819012345678), or null. Takes Japanese mobile numbers as people write
 * them (090-1234-5678, ０９０ full-width digits, +81 90 …) and any other number already in E.164.
 * Japanese landlines written domestically (03-…) are refused: they cannot receive SMS.
 */
export function normaliseMobile(input: string): string | null {
  const compact = input.normalize('NFKC').replace(/[\s\-().]/g, '');
  const domestic = JAPANESE_MOBILE.exec(compact);
  if (domestic) return `+81${domestic[1]}`;
  const trunk = JAPANESE_WITH_TRUNK_ZERO.exec(compact);
  const international = trunk ? `+81${trunk[1]}` : compact;
  return E164.test(international) ? international : null;
}

export function normaliseAddress(channel: ContactChannel, input: string): string | null {
  return channel === 'email' ? normaliseEmail(input) : normaliseMobile(input);
}
