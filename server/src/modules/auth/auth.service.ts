import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, tooManyRequests } from '../../http/errors.js';
import { RateLimiter } from '../../http/rate-limiter.js';
import { deleteSession, findUserByUsername, insertSession, touchSession } from './auth.queries.js';
import type { SessionUser } from './auth.types.js';
import { decoyPasswordHash, verifyPassword } from './password.js';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export function csrfTokensMatch(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'Wrong username or password.');

export class AuthService {
  // Per client address: slows down spraying many accounts. Per account: slows guessing one.
  private readonly perAddress = new RateLimiter(30, 15 * 60_000);
  private readonly perAccount = new RateLimiter(5, 15 * 60_000);

  constructor(
    private readonly db: Database,
    private readonly settings: SessionSettings,
  ) {}

  /** Verifies the password and opens a session. Returns the raw session id for the cookie. */
  async login(
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<{ sessionId: string; user: SessionUser }> {
    const accountKey = username.toLowerCase();
    const wait = Math.max(this.perAddress.retryAfter(clientAddress), this.perAccount.retryAfter(accountKey));
    if (wait > 0) throw tooManyRequests(wait);
    this.perAddress.hit(clientAddress);

    const user = await findUserByUsername(this.db, accountKey);
    const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
    if (!user || !passwordOk || user.disabled_at) {
      this.perAccount.hit(accountKey);
      throw invalidCredentials();
    }
    this.perAccount.reset(accountKey);

    // 256 bits from the CSPRNG; the database keeps only its hash.
    const sessionId = randomBytes(32).toString('base64url');
    const idHash = hashSessionId(sessionId);
    await insertSession(this.db, {
      idHash,
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      maxHours: this.settings.maxHours,
    });
    const sessionUser = await this.resolve(sessionId);
    if (!sessionUser) throw new Error('session vanished right after it was created');
    return { sessionId, user: sessionUser };
  }

  async resolve(sessionId: string | undefined): Promise<SessionUser | null> {
    if (!sessionId || sessionId.length > 128) return null;
    const idHash = hashSessionId(sessionId);
    const row = await touchSession(this.db, idHash, this.settings.idleMinutes);
    if (!row) return null;
    return {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      residentId: row.resident_id,
      shelterIds: row.shelter_ids,
      sessionIdHash: idHash,
      csrfToken: row.csrf_token,
    };
  }

  async logout(user: SessionUser): Promise<void> {
    await deleteSession(this.db, user.sessionIdHash);
  }
}
