import { describe, expect, it } from 'vitest';
import type { InboxEntry } from '../../api/inbox';
import {
  cursorKey,
  initialInbox,
  isAnswerable,
  listed,
  merged,
  parseCursor,
  patched,
  undelivered,
  unreadCount,
} from './inboxState';

function entry(position: number, overrides: Partial<InboxEntry> = {}): InboxEntry {
  return {
    position,
    kind: 'alert',
    action: 'alert',
    alertId: `alert-${position}`,
    noticeId: null,
    createdAt: '2024-01-01T07:10:00.000Z',
    deliveredAt: null,
    readAt: null,
    response: null,
    respondedAt: null,
    responseNote: null,
    alert: null,
    notice: null,
    application: null,
    account: null,
    ...overrides,
  };
}

describe('inbox position bookkeeping', () => {
  it('moves the cursor to the highest position seen, whatever order pages and pushes come in', () => {
    let state = initialInbox(0);
    state = merged(state, [entry(3), entry(7)]);
    state = merged(state, [entry(5)]);
    expect(state.cursor).toBe(7);
    expect(listed(state).map((e) => e.position)).toEqual([7, 5, 3]);
  });

  it('does not duplicate an entry fetched twice (push and catch-up overlap)', () => {
    let state = merged(initialInbox(0), [entry(4)]);
    state = merged(state, [entry(4, { deliveredAt: '2024-01-01T07:10:01.000Z' })]);
    expect(listed(state)).toHaveLength(1);
    expect(undelivered(state)).toEqual([]);
  });

  it('keeps the previous visit’s cursor apart, to mark what is new', () => {
    const state = merged(initialInbox(5), [entry(4), entry(6)]);
    expect(state.seenBefore).toBe(5);
    expect(state.cursor).toBe(6);
  });

  it('reads a stored cursor defensively', () => {
    expect(parseCursor('42')).toBe(42);
    expect(parseCursor(null)).toBe(0);
    expect(parseCursor('-3')).toBe(0);
    expect(parseCursor('1e999')).toBe(0);
    expect(parseCursor('abc')).toBe(0);
    expect(cursorKey('u1')).toBe('hinan.inbox.cursor.u1');
  });
});

describe('receipts and answers', () => {
  it('tracks delivered and read locally', () => {
    let state = merged(initialInbox(0), [entry(1), entry(2)]);
    expect(undelivered(state).map((e) => e.position)).toEqual([1, 2]);
    expect(unreadCount(state)).toBe(2);
    state = patched(state, 1, { deliveredAt: 'now', readAt: 'now' });
    expect(undelivered(state).map((e) => e.position)).toEqual([2]);
    expect(unreadCount(state)).toBe(1);
    expect(patched(state, 99, { readAt: 'now' })).toBe(state);
  });

  it('does not offer answers to a cancellation', () => {
    expect(isAnswerable(entry(1))).toBe(true);
    expect(isAnswerable(entry(1, { action: 'cancel' }))).toBe(false);
    expect(isAnswerable(entry(1, { kind: 'notice', action: null }))).toBe(false);
  });
});

describe('notices', () => {
  const notice = (position: number, endsAt: string) =>
    entry(position, {
      kind: 'notice',
      action: null,
      alertId: null,
      noticeId: `notice-${position}`,
      notice: {
        language: 'ja',
        title: 'お知らせ',
        body: '本文',
        link: null,
        startsAt: '2026-01-01T00:00:00Z',
        endsAt,
      },
    });

  it('leave the list and the unread count at their end', () => {
    const state = merged(initialInbox(0), [
      notice(1, '2026-02-01T00:00:00Z'),
      notice(2, '2026-03-01T00:00:00Z'),
    ]);
    const during = Date.parse('2026-01-15T00:00:00Z');
    const between = Date.parse('2026-02-15T00:00:00Z');
    expect(listed(state, during).map((e) => e.position)).toEqual([2, 1]);
    expect(listed(state, between).map((e) => e.position)).toEqual([2]);
    expect(unreadCount(state, between)).toBe(1);
  });
});
