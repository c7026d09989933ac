import { tooManyRequests } from '../../http/errors.js';
import { createRateLimiter, type RateLimiter, type SharedStore } from '../../http/rate-limiter.js';

/**
 * Sign-in throttling that slows guessing without letting a stranger lock the owner out.
 *
 * - Per address (any account): 30 attempts per 15 minutes. Slows spraying many accounts.
 * - Per account and address: 5 attempts free per hour; after that the n-th attempt of the hour
 *   is let through only once 2^(n-5) seconds have passed since the first one (2 s, 4 s, 8 s, …,
 *   at most one more an hour after 34 minutes), so one address gets ≈ 16 guesses an hour.
 *   Refused attempts are not counted: hammering does not push the schedule out further.
 * - Per account (every address together): 100 attempts an hour. Above it only addresses the
 *   account signed in from successfully in the last 14 days still get through: an attacker
 *   with many addresses is held, the owner on a known device is not.
 *
 * Unlock path: a successful sign-in clears the account-and-address counter and marks the address
 * as known, which lets the owner past the per-account ceiling for 14 days.
 */
export const LOGIN_LIMITS = {
  perAddress: { name: 'login-address', limit: 30, windowMs: 15 * 60_000 },
  perAccountAddress: { name: 'login-account-address', limit: Infinity, windowMs: 60 * 60_000 },
  perAccount: { name: 'login-account', limit: 100, windowMs: 60 * 60_000 },
  // At most ≈ 24 days: the memory store times keys out with setTimeout (a 32-bit delay).
  knownAddress: { name: 'login-known-address', limit: Infinity, windowMs: 14 * 24 * 60 * 60_000 },
} as const;

/** Attempts per account and address before any delay. */
export const FREE_ATTEMPTS = 5;
/** Seconds after the window's first attempt before attempt `n` (beyond the free ones) may run. */
export const secondsBeforeAttempt = (n: number) => (n <= FREE_ATTEMPTS ? 0 : 2 ** (n - FREE_ATTEMPTS));

export interface LoginLimiters {
  perAddress: RateLimiter;
  perAccountAddress: RateLimiter;
  perAccount: RateLimiter;
  knownAddress: RateLimiter;
}

/** In memory for one node; pass the node's Redis to share the counts between nodes. */
export function createLoginLimiters(shared: SharedStore = null): LoginLimiters {
  return {
    perAddress: createRateLimiter(LOGIN_LIMITS.perAddress, shared),
    perAccountAddress: createRateLimiter(LOGIN_LIMITS.perAccountAddress, shared),
    perAccount: createRateLimiter(LOGIN_LIMITS.perAccount, shared),
    knownAddress: createRateLimiter(LOGIN_LIMITS.knownAddress, shared),
  };
}

const pairKey = (account: string, address: string) => `${account}\n${address}`;

export class LoginThrottle {
  constructor(private readonly limiters: LoginLimiters) {}

  /**
   * Counts a sign-in attempt before the password is checked (so parallel guesses on several
   * nodes are counted in order) and throws `rate_limited` when it must wait.
   */
  async admit(account: string, address: string): Promise<void> {
    const addressWait = await this.limiters.perAddress.consume(address);
    if (addressWait > 0) throw tooManyRequests(addressWait);

    const pair = pairKey(account, address);
    const { count, msLeft } = await this.limiters.perAccountAddress.count(pair);
    const elapsedMs = LOGIN_LIMITS.perAccountAddress.windowMs - msLeft;
    const pairWaitMs = secondsBeforeAttempt(count) * 1000 - elapsedMs;
    if (pairWaitMs > 0) {
      await this.limiters.perAccountAddress.refund(pair);
      throw tooManyRequests(Math.ceil(pairWaitMs / 1000));
    }

    const accountWait = await this.limiters.perAccount.consume(account);
    if (accountWait > 0 && !(await this.limiters.knownAddress.peek(pair))) {
      throw tooManyRequests(accountWait);
    }
  }

  /** After a successful sign-in: the address is known, its counter starts again. */
  async succeeded(account: string, address: string): Promise<void> {
    const pair = pairKey(account, address);
    await this.limiters.perAccountAddress.reset(pair);
    await this.limiters.knownAddress.reset(pair);
    await this.limiters.knownAddress.count(pair);
  }
}
