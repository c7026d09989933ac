import type { InboxEntry } from '../../api/inbox';

/**
 * The resident's inbox as the client holds it. `cursor` is the highest position seen, across
 * pushes and fetches: the next catch-up asks for everything after it. Positions only grow, and a
 * catch-up never skips one (the server orders inbox writers), so "after the cursor" is complete.
 */
export interface InboxState {
  entries: Record<number, InboxEntry>;
  cursor: number;
  /** Positions above this were new when the page opened (the cursor of the previous visit). */
  seenBefore: number;
}

export function initialInbox(storedCursor: number): InboxState {
  return { entries: {}, cursor: 0, seenBefore: storedCursor };
}

/** Adds or replaces entries; the server's copy of an entry wins over an older local one. */
export function merged(state: InboxState, entries: readonly InboxEntry[]): InboxState {
  if (entries.length === 0) return state;
  const next = { ...state.entries };
  let cursor = state.cursor;
  for (const entry of entries) {
    next[entry.position] = entry;
    cursor = Math.max(cursor, entry.position);
  }
  return { ...state, entries: next, cursor };
}

/** A change the client made itself (receipt, answer), shown before the server confirms it. */
export function patched(state: InboxState, position: number, patch: Partial<InboxEntry>): InboxState {
  const entry = state.entries[position];
  if (!entry) return state;
  return { ...state, entries: { ...state.entries, [position]: { ...entry, ...patch } } };
}

/** A notice leaves the inbox at its end, even while the page stays open (the server hides it too). */
export function isVisible(entry: InboxEntry, now = Date.now()): boolean {
  return !entry.notice || Date.parse(entry.notice.endsAt) > now;
}

/** Newest first. */
export function listed(state: InboxState, now = Date.now()): InboxEntry[] {
  return Object.values(state.entries)
    .filter((entry) => isVisible(entry, now))
    .sort((a, b) => b.position - a.position);
}

/** Entries that arrived but were never acknowledged as delivered. */
export function undelivered(state: InboxState): InboxEntry[] {
  return Object.values(state.entries).filter((entry) => entry.deliveredAt === null);
}

export function unreadCount(state: InboxState, now = Date.now()): number {
  return Object.values(state.entries).filter((entry) => entry.readAt === null && isVisible(entry, now))
    .length;
}

/** Whether this entry can still be answered: cancellations cannot (the server says 409). */
export function isAnswerable(entry: InboxEntry): boolean {
  return entry.kind === 'alert' && entry.action !== 'cancel' && entry.alert?.msgType !== 'Cancel';
}

export const cursorKey = (userId: string) => `hinan.inbox.cursor.${userId}`;

export function parseCursor(stored: string | null): number {
  const value = Number(stored);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}
