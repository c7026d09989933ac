import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** How long a code works, and how many wrong tries it survives before a new one is needed. */
export const CODE_TTL_SECONDS = 15 * 60;
export const CODE_MAX_ATTEMPTS = 5;

/** Six random digits, leading zeros kept. */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * SHA-256 of the code bound to its contact point: the stored hash of one row says nothing about
 * another row's code, and the code itself is never stored.
 */
export function hashCode(contactId: string, code: string): Buffer {
  return createHash('sha256').update(`${contactId}:${code}`).digest();
}

export function codeMatches(contactId: string, code: string, stored: Uint8Array): boolean {
  const given = hashCode(contactId, code);
  return stored.length === given.length && timingSafeEqual(given, stored);
}
