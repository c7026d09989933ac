import {
  createRateLimiter,
  type RateLimit,
  type RateLimiter,
  type SharedStore,
} from '../../http/rate-limiter.js';
import { tooManyRequests } from '../../http/errors.js';

/**
 * Codes sent, per person and per address. Per person: a resident cannot make the server send
 * endlessly. Per address, across people: no one can use the portal to flood someone else's phone
 * or mailbox with codes.
 */
export const CODE_SEND_LIMITS = {
  perResident: { name: 'contact-code-resident', limit: 10, windowMs: 60 * 60_000 },
  perAddress: { name: 'contact-code-address', limit: 5, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimit>;

export class CodeSendLimits {
  private readonly perResident: RateLimiter;
  private readonly perAddress: RateLimiter;

  constructor(shared: SharedStore, limits: typeof CODE_SEND_LIMITS = CODE_SEND_LIMITS) {
    this.perResident = createRateLimiter(limits.perResident, shared);
    this.perAddress = createRateLimiter(limits.perAddress, shared);
  }

  /** Counts one code to `address` for `residentId`, or throws rate_limited (counting nothing). */
  async take(residentId: string, channel: string, address: string): Promise<void> {
    const residentWait = await this.perResident.consume(residentId);
    if (residentWait > 0) throw tooManyRequests(residentWait);
    // Keys are hashed by the limiter: the address never reaches Redis in clear.
    const addressWait = await this.perAddress.consume(`${channel}:${address.toLowerCase()}`);
    if (addressWait > 0) {
      await this.perResident.refund(residentId);
      throw tooManyRequests(addressWait);
    }
  }
}
