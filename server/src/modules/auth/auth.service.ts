import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, tooManyRequests } from '../../http/errors.js';
import { createRateLimiter, type RateLimiter } from '../../http/rate-limiter.js';
import { GroupCommitQueue } from '../checkins/group-commit.js';
import {
  deleteSession,
  findUserByUsername,
  insertSession,
  sessionTimeLeft,
  touchSessions,
  type SessionRow,
} from './auth.queries.js';
import type { SessionUser } from './auth.types.js';
import { decoyPasswordHash, verifyPassword } from './password.js';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

/** Per client address: slows down spraying many accounts. Per account: slows guessing one. */
export const LOGIN_LIMITS = {
  perAddress: { name: 'login-address', limit: 30, windowMs: 15 * 60_000 },
  perAccount: { name: 'login-account', limit: 5, windowMs: 15 * 60_000 },
} as const;

export interface LoginLimiters {
  perAddress: RateLimiter;
  perAccount: RateLimiter;
}

/** In memory for one node; pass the node's Redis to share the counts between nodes. */
export function createLoginLimiters(shared: Parameters<typeof createRateLimiter>[1] = null): LoginLimiters {
  return {
    perAddress: createRateLimiter(LOGIN_LIMITS.perAddress, shared),
    perAccount: createRateLimiter(LOGIN_LIMITS.perAccount, shared),
  };
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

/**
 * Session lookups of requests that arrive while earlier ones are in flight go to the database
 * together, as one statement. Each still reads the database after its request arrived, so a
 * session ended anywhere (logout, logout everywhere, disabled account, on any node) is refused
 * from the next request on: nothing about a session is kept in memory between requests.
 */
const SESSION_LOOKUP_GROUPS = { maxConcurrentGroups: 1, maxItemsPerGroup: 128 };

export class AuthService {
  private readonly sessionLookups: GroupCommitQueue<string, SessionRow | null>;
  /**
   * Called after sessions were ended on purpose, with their id hashes, so their sockets on every
   * node end with them (realtime/socket-server.ts).
   */
  onSessionsEnded: (idHashes: string[]) => void = () => undefined;

  constructor(
    private readonly db: Database,
    private readonly settings: SessionSettings,
    private readonly limiters: LoginLimiters = createLoginLimiters(),
  ) {
    this.sessionLookups = new GroupCommitQueue(async (idHashes) => {
      const live = await touchSessions(this.db, idHashes, this.settings.idleMinutes);
      return idHashes.map((idHash) => live.get(idHash) ?? null);
    }, SESSION_LOOKUP_GROUPS);
  }

  /** Verifies the password and opens a session. Returns the raw session id for the cookie. */
  async login(
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<{ sessionId: string; user: SessionUser }> {
    const accountKey = username.toLowerCase();
    // Every attempt counts before the password is checked (and a success clears the account's
    // count), so parallel guesses on several nodes cannot all pass the limit.
    const wait = Math.max(
      await this.limiters.perAddress.consume(clientAddress),
      await this.limiters.perAccount.consume(accountKey),
    );
    if (wait > 0) throw tooManyRequests(wait);

    const user = await findUserByUsername(this.db, accountKey);
    const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
    if (!user || !passwordOk || user.disabled_at) throw invalidCredentials();
    await this.limiters.perAccount.reset(accountKey);
    return this.openSession(user.id);
  }

  /**
   * Opens a session for an account whose holder has just proven who they are (password, passkey,
   * enrolment code). Returns the raw session id for the cookie.
   */
  async openSession(userId: string): Promise<{ sessionId: string; user: SessionUser }> {
    // 256 bits from the CSPRNG; the database keeps only its hash.
    const sessionId = randomBytes(32).toString('base64url');
    const idHash = hashSessionId(sessionId);
    await insertSession(this.db, {
      idHash,
      userId,
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
    const [row] = await this.sessionLookups.submit([idHash]);
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
    this.onSessionsEnded([user.sessionIdHash]);
  }

  /** How long each live session among these has left before it ends by itself (no slide). */
  timeLeft(idHashes: readonly string[]): Promise<Map<string, number>> {
    return sessionTimeLeft(this.db, idHashes, this.settings.idleMinutes);
  }
}
