import type { Logger } from '../logger.js';
import { GroupCommitQueue } from '../modules/checkins/group-commit.js';

/** What the watch asks about sessions (AuthService): time left per live session, ended ones missing. */
export interface SessionClock {
  timeLeft(idHashes: readonly string[]): Promise<Map<string, number>>;
}

/** A socket as the watch ends it: told first, then cut off. */
export interface EndableSocket {
  emit(event: 'session:expired'): unknown;
  disconnect(close?: boolean): unknown;
}

export interface SessionWatchTiming {
  /** How long a session confirmed live is believed without asking the database again. */
  trustMs: number;
  /** How often this node looks for sessions due a new look (expiry detected within this). */
  sweepMs: number;
}

export const DEFAULT_SESSION_WATCH: SessionWatchTiming = { trustMs: 30_000, sweepMs: 5_000 };

interface Watched {
  sockets: Set<EndableSocket>;
  /** Until when the session is known live (0: not looked at yet). */
  trustedUntil: number;
}

const LOOKUPS = { maxConcurrentGroups: 1, maxItemsPerGroup: 1_000 };

/**
 * The sessions of this node's sockets, kept honest. A session that ends on purpose (logout, sign
 * out everywhere, password change) is ended through `forget` on every node, by the caller. One that
 * ends by itself (idle or absolute expiry) or behind the server's back (account disabled) is found
 * by a sweep: each session is looked at again when its known time runs out or after `trustMs`,
 * in batches, without sliding its idle expiry. Its sockets are told `session:expired` and cut off.
 *
 * Socket events ask `isLive` first: answered from memory while the session is trusted, else by one
 * (batched) query, so an event never acts for a session that has ended.
 */
export class SessionWatch {
  private readonly sessions = new Map<string, Watched>();
  private readonly lookups: GroupCommitQueue<string, number | null>;
  private readonly timer: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    clock: SessionClock,
    private readonly logger: Logger,
    private readonly timing: SessionWatchTiming = DEFAULT_SESSION_WATCH,
  ) {
    this.lookups = new GroupCommitQueue(async (idHashes) => {
      const left = await clock.timeLeft(idHashes);
      return idHashes.map((idHash) => left.get(idHash) ?? null);
    }, LOOKUPS);
    this.timer = setInterval(() => void this.sweep(), timing.sweepMs);
    this.timer.unref();
  }

  watch(idHash: string, socket: EndableSocket): void {
    const watched = this.sessions.get(idHash) ?? { sockets: new Set(), trustedUntil: 0 };
    watched.sockets.add(socket);
    this.sessions.set(idHash, watched);
  }

  unwatch(idHash: string, socket: EndableSocket): void {
    const watched = this.sessions.get(idHash);
    if (!watched?.sockets.delete(socket)) return;
    if (watched.sockets.size === 0) this.sessions.delete(idHash);
  }

  /** Whether the session of a socket still holds (false once it ended here or in the database). */
  async isLive(idHash: string): Promise<boolean> {
    const watched = this.sessions.get(idHash);
    if (!watched) return false;
    if (Date.now() < watched.trustedUntil) return true;
    const [left] = await this.lookups.submit([idHash]);
    return this.learned(idHash, left ?? null);
  }

  /** The session ended: its sockets on this node are told and cut off, and nothing is cached. */
  forget(idHash: string): void {
    const watched = this.sessions.get(idHash);
    this.sessions.delete(idHash);
    for (const socket of watched?.sockets ?? []) {
      socket.emit('session:expired');
      socket.disconnect(true);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Looks again at every session whose time is up, all in a few batched queries. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      const due = [...this.sessions].filter(([, watched]) => watched.trustedUntil <= now).map(([id]) => id);
      if (due.length === 0) return;
      const left = await this.lookups.submit(due);
      due.forEach((idHash, i) => this.learned(idHash, left[i] ?? null));
    } catch (error) {
      // The database is away: sockets keep going on what was known, and the next sweep asks again.
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'session watch: lookup failed',
      );
    } finally {
      this.sweeping = false;
    }
  }

  private learned(idHash: string, leftMs: number | null): boolean {
    const watched = this.sessions.get(idHash);
    if (!watched) return false;
    if (leftMs === null || leftMs <= 0) {
      this.forget(idHash);
      return false;
    }
    const now = Date.now();
    watched.trustedUntil = Math.min(now + leftMs, now + this.timing.trustMs);
    return true;
  }
}
