import { describe, expect, it } from 'vitest';
import { formatWhen } from './when';

const now = Date.parse('2024-01-02T12:00:00Z');

describe('formatWhen', () => {
  it('says how long ago within the last day', () => {
    expect(formatWhen('2024-01-02T11:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatWhen('2024-01-02T09:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(formatWhen('2024-01-02T11:55:00Z', now, 'ja')).toBe('5 分前');
  });

  it('treats a moment ahead of the clock as now (the clock ticks every half minute)', () => {
    expect(formatWhen('2024-01-02T12:00:20Z', now, 'en')).toBe('now');
  });

  it('gives date and time beyond a day, and the input when it is not a time', () => {
    expect(formatWhen('2023-12-30T12:00:00Z', now, 'en')).toMatch(/12\/30/);
    expect(formatWhen('not a time', now, 'en')).toBe('not a time');
  });
});
