import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 500, capMs: 30_000 };

  it('doubles per failure between half and all of the ceiling, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(1000);
    expect(backoffDelay(50, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(50, policy, () => 0)).toBe(15_000);
  });
});
