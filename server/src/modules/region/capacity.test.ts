import { describe, expect, it } from 'vitest';
import { parseCapacityText } from './capacity.js';

describe('parseCapacityText', () => {
  it.each([
    ['屋内1,700人／屋外2,250人(面積の1/2)', 1700, 2250],
    ['屋内2,736人屋外11,700人（面積の1/2）', 2736, 11700],
    ['屋内1,371人／屋外5,470人（面積の1/2）', 1371, 5470],
    ['屋内90人／屋外1570人(面積の1/2)', 90, 1570],
    ['屋内990人／屋外0人(座席数)', 990, 0],
    ['屋内０人／屋外９，７００人', 0, 9700],
    [' 屋内 191人 / 屋外 0人 ', 191, 0],
    ['屋外3,000人', null, 3000],
    ['500人', 500, null],
  ])('reads %s', (text, indoor, outdoor) => {
    expect(parseCapacityText(text)).toEqual({ ok: true, capacity: { indoor, outdoor } });
  });

  it('does not mistake the area note for a count', () => {
    expect(parseCapacityText('屋外(面積の1/2)')).toMatchObject({ ok: false });
  });

  it.each([
    ['', /empty/],
    ['未定', /not understood/],
    ['屋内99999999人', /implausible/],
  ])('rejects %j with a reason', (text, reason) => {
    const parsed = parseCapacityText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
