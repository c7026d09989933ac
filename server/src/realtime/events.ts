/**
 * The socket event map lives in the contract shared with the client (@contract/events); the rooms
 * are the server's own.
 */
export * from '@contract/events.js';

/** Rooms are computed by the server from the user's role and bindings, never chosen by a client. */
export const rooms = {
  public: 'public',
  hq: 'role:hq',
  user: (userId: string) => `user:${userId}`,
  /** The account of a resident (a resident has at most one): warnings are addressed by resident. */
  resident: (residentId: string) => `resident:${residentId}`,
  shelter: (shelterId: string) => `shelter:${shelterId}`,
  /** The sockets opened with one session (by its id hash): they end when it ends. */
  session: (sessionIdHash: string) => `session:${sessionIdHash}`,
} as const;
