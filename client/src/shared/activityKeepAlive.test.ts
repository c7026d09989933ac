import { describe, expect, it } from 'vitest';
import { refreshDue } from './activityKeepAlive';

describe('activity keep-alive', () => {
  it('refreshes only after use of the page, at most once per interval', () => {
    expect(refreshDue({ lastActivity: 0, lastRefresh: 1_000 }, 60_000, 20_000)).toBe(false);
    expect(refreshDue({ lastActivity: 30_000, lastRefresh: 1_000 }, 30_000, 20_000)).toBe(true);
    expect(refreshDue({ lastActivity: 30_000, lastRefresh: 25_000 }, 30_000, 20_000)).toBe(false);
    expect(refreshDue({ lastActivity: 50_000, lastRefresh: 25_000 }, 50_000, 20_000)).toBe(true);
  });
});
