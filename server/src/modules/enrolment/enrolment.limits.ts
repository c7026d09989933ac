import { createRateLimiter, type RateLimiter } from '../../http/rate-limiter.js';

/**
 * Limits on claiming. Per code: a stolen letter's birth date cannot be tried out (10 tries per
 * quarter hour against ~36,500 birth dates of a century). Per address: one machine cannot try
 * many codes. Global: many machines together cannot either; a code has ~79 random bits, so even
 * the global limit all day long leaves a guess hopeless. Every attempt counts, right or wrong.
 */
export const CLAIM_LIMITS = {
  perCode: { name: 'enrol-code', limit: 10, windowMs: 15 * 60_000 },
  perAddress: { name: 'enrol-address', limit: 30, windowMs: 15 * 60_000 },
} as const;

/** Passkey sign-in ceremonies started per address (each stores a challenge). */
export const PASSKEY_SIGN_IN_LIMIT = { name: 'passkey-address', limit: 60, windowMs: 15 * 60_000 } as const;

export interface EnrolmentLimiters {
  perCode: RateLimiter;
  perAddress: RateLimiter;
  global: RateLimiter;
  passkeyPerAddress: RateLimiter;
}

export function createEnrolmentLimiters(
  claimsPerMinute: number,
  shared: Parameters<typeof createRateLimiter>[1] = null,
): EnrolmentLimiters {
  return {
    perCode: createRateLimiter(CLAIM_LIMITS.perCode, shared),
    perAddress: createRateLimiter(CLAIM_LIMITS.perAddress, shared),
    global: createRateLimiter({ name: 'enrol-global', limit: claimsPerMinute, windowMs: 60_000 }, shared),
    passkeyPerAddress: createRateLimiter(PASSKEY_SIGN_IN_LIMIT, shared),
  };
}
