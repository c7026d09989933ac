import { describe, expect, it } from 'vitest';
import { drawHouseDamage, drawNoticeConsent } from './notice-attributes.js';
import { Random } from './prng.js';

const draws = <T>(n: number, draw: (rng: Random) => T, seed = 1): T[] => {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => draw(rng));
};

describe('synthetic notice attributes', () => {
  it('are deterministic for a seed', () => {
    expect(draws(50, (r) => drawHouseDamage(r, '17205'))).toEqual(
      draws(50, (r) => drawHouseDamage(r, '17205')),
    );
    expect(draws(50, (r) => drawNoticeConsent(r, '1980-01-01'))).toEqual(
      draws(50, (r) => drawNoticeConsent(r, '1980-01-01')),
    );
  });

  it('damage the north of the peninsula far more than Kanazawa, and leave some unassessed', () => {
    const severe = (code: string) =>
      draws(5_000, (r) => drawHouseDamage(r, code)).filter((d) => d === 'total' || d === 'large_half').length;
    expect(severe('17205')).toBeGreaterThan(1_500); // 珠洲市
    expect(severe('17201')).toBeLessThan(100); // 金沢市
    const kanazawa = draws(5_000, (r) => drawHouseDamage(r, '17201'));
    expect(kanazawa.filter((d) => d === 'none').length).toBeGreaterThan(3_500);
    expect(kanazawa).toContain(null);
  });

  it('give about half of adults and few children consent', () => {
    const share = (birthDate: string) =>
      draws(5_000, (r) => drawNoticeConsent(r, birthDate)).filter(Boolean).length / 5_000;
    expect(share('1980-06-01')).toBeGreaterThan(0.5);
    expect(share('1980-06-01')).toBeLessThan(0.6);
    expect(share('2015-06-01')).toBeLessThan(0.15);
  });
});
