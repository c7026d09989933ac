import type { Socket } from 'socket.io';

/**
 * Limits that keep one client from taking a node down over Socket.IO: an event budget per socket
 * (a token bucket: short bursts pass, a flood is dropped and then disconnected) and a cap on how
 * many sockets one user, or one anonymous address, may hold open (across nodes when they share
 * Redis: connection-slots.ts).
 */
export interface SocketLimits {
  /** Events a socket may send at once before the steady rate applies. */
  eventBurst: number;
  /** Steady events per second per socket. */
  eventsPerSecond: number;
  /** Events dropped before the socket is disconnected: a client that ignores the errors is not buggy but hostile. */
  disconnectAfterDropped: number;
  /** Open sockets per signed-in user (tabs and devices of one person). */
  socketsPerUser: number;
  /** Open anonymous sockets per remote address. */
  anonymousSocketsPerAddress: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  eventBurst: 40,
  eventsPerSecond: 20,
  disconnectAfterDropped: 200,
  socketsPerUser: 20,
  anonymousSocketsPerAddress: 100,
};

export const RATE_LIMITED_ACK = {
  error: { id: 'rate_limited', message: 'Too many events on this connection; slow down.' },
} as const;

/** Drops events beyond the socket's budget (answering any acknowledgement) and cuts off a flood. */
export function limitEventRate(socket: Socket, limits: SocketLimits, now: () => number = Date.now): void {
  let tokens = limits.eventBurst;
  let refilledAt = now();
  let dropped = 0;
  socket.use((packet, next) => {
    const at = now();
    tokens = Math.min(limits.eventBurst, tokens + ((at - refilledAt) / 1000) * limits.eventsPerSecond);
    refilledAt = at;
    if (tokens >= 1) {
      tokens -= 1;
      next();
      return;
    }
    dropped += 1;
    const ack: unknown = packet[packet.length - 1];
    if (typeof ack === 'function') (ack as (reply: unknown) => void)(RATE_LIMITED_ACK);
    if (dropped >= limits.disconnectAfterDropped) socket.disconnect(true);
  });
}

/** Counts open sockets per key (user id or address) on this node and refuses those over the cap. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  /** Takes a slot for `key`; false when the cap is reached. Release it when the socket disconnects. */
  tryAcquire(key: string, cap: number): boolean {
    const current = this.open.get(key) ?? 0;
    if (current >= cap) return false;
    this.open.set(key, current + 1);
    return true;
  }

  release(key: string): void {
    const current = this.open.get(key) ?? 0;
    if (current <= 1) this.open.delete(key);
    else this.open.set(key, current - 1);
  }
}
