import { describe, expect, it } from 'vitest';
import { pinProblems } from './pin-policy.js';

describe('kiosk PIN policy', () => {
  it('refuses one digit repeated, straight runs and the birth date in its short forms', () => {
    expect(pinProblems('7777', null)).toEqual(['repeated']);
    expect(pinProblems('1234', null)).toEqual(['sequence']);
    expect(pinProblems('98765', null)).toEqual(['sequence']);
    expect(pinProblems('8901', null)).toEqual(['sequence']);
    for (const pin of ['0623', '2306', '1951', '510623', '19510623', '23061951'])
      expect(pinProblems(pin, '1951-06-23'), pin).toEqual(['birth_date']);
  });

  it('accepts PINs a stranger would not guess first', () => {
    expect(pinProblems('4719', '1951-06-23')).toEqual([]);
    expect(pinProblems('58203', null)).toEqual([]);
  });
});
