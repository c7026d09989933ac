import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, tooManyRequests } from '../../http/errors.js';
import { createRateLimiter, type RateLimiter, type SharedStore } from '../../http/rate-limiter.js';
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
import { findPasswordHash } from './account.queries.js';
import { createLoginLimiters, LoginThrottle } from './login-throttle.js';
import { decoyPasswordHash, verifyPassword } from './password.js';

/** Guesses at the current password when changing it, per account (every session together). */
export const PASSWORD_CHANGE_LIMIT = { name: 'password-change', limit: 5, windowMs: 15 * 60_000 };

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
  private readonly loginThrottle: LoginThrottle;
  private readonly passwordChanges: RateLimiter;

  /** `shared`: the node's Redis, so the sign-in limits hold across nodes; memory without it. */
  constructor(
    private readonly db: Database,
    private readonly settings: SessionSettings,
    shared: SharedStore = null,
  ) {
    this.loginThrottle = new LoginThrottle(createLoginLimiters(shared));
    this.passwordChanges = createRateLimiter(PASSWORD_CHANGE_LIMIT, shared);
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
    await this.loginThrottle.admit(accountKey, clientAddress);

    const user = await findUserByUsername(this.db, accountKey);
    const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
    if (!user || !passwordOk || user.disabled_at) throw invalidCredentials();
    await this.loginThrottle.succeeded(accountKey, clientAddress);
    return this.openSession(user.id);
  }

  /**
   * Opens a session for an account whose holder has just proven who they are (password, passkey,
   * enrolment code). Returns the raw session id for the cookie.
   */
  async openSession(
    userId: string,
    kiosk?: { kioskId: string; idleSeconds: number },
  ): Promise<{ sessionId: string; user: SessionUser }> {
    // 256 bits from the CSPRNG; the database keeps only its hash.
    const sessionId = randomBytes(32).toString('base64url');
    const idHash = hashSessionId(sessionId);
    await insertSession(this.db, {
      idHash,
      userId,
      csrfToken: randomBytes(32).toString('base64url'),
      maxHours: this.settings.maxHours,
      kiosk,
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
      kioskId: row.kiosk_id,
    };
  }

  /**
   * Checks the current password before a change. Every guess counts before the check and a right
   * one clears the count, so a stolen session cannot be used to find the password by guessing.
   */
  async verifyCurrentPassword(user: SessionUser, password: string): Promise<string> {
    const wait = await this.passwordChanges.consume(user.id);
    if (wait > 0) throw tooManyRequests(wait);
    const currentHash = await findPasswordHash(this.db, user.id);
    if (!currentHash || !(await verifyPassword(currentHash, password))) {
      throw new AppError(403, 'wrong_password', 'The current password is not right.');
    }
    await this.passwordChanges.reset(user.id);
    return currentHash;
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
