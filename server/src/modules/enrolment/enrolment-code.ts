import { createHash, randomInt } from 'node:crypto';

/**
 * Digits and capitals that cannot be mistaken for one another when read aloud, handwritten or
 * printed small: no 0/O, 1/I/L. 31 symbols.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 16;
const GROUP = 4;

/**
 * A new enrolment code, e.g. `7KQM-R2XH-9PDT-WC4N`: 16 symbols of 31, about 79 bits from the
 * CSPRNG. With every one of 1.1 million residents holding an open code, a guess still has a chance
 * below one in 10^17, and the claim limits allow a few hundred guesses a minute at most.
 */
export function generateEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatEnrolmentCode(code);
}

/** Groups of four for reading and typing. */
export function formatEnrolmentCode(normalised: string): string {
  return normalised.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? '';
}

/**
 * What the resident typed or scanned, as stored: spaces and hyphens dropped, lower case raised,
 * full-width characters (a Japanese keyboard) folded. Null when it cannot be a code at all.
 */
export function normaliseEnrolmentCode(input: string): string | null {
  const folded = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―ー]/g, '');
  if (folded.length !== CODE_LENGTH) return null;
  for (const symbol of folded) if (!CODE_ALPHABET.includes(symbol)) return null;
  return folded;
}

/**
 * What the database keeps. A plain SHA-256 is enough here, unlike for passwords: the code is
 * random with ~79 bits, so nobody can find it from its hash by trying codes, and an unsalted hash
 * lets a claim find its row by index. No key to manage, rotate or lose.
 */
export function hashEnrolmentCode(normalised: string): string {
  return createHash('sha256').update(`enrolment-code:${normalised}`).digest('hex');
}
