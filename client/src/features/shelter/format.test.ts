import { describe, expect, it } from 'vitest';
import { ageOn, fullKana, fullName } from './format';

describe('names', () => {
  const person = { familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' };

  it('puts the family name first', () => {
    expect(fullName(person)).toBe('山田 太郎');
    expect(fullKana(person)).toBe('ヤマダ タロウ');
  });

  it('has no reading when none is known', () => {
    expect(fullKana({ ...person, familyNameKana: null, givenNameKana: null })).toBeNull();
    expect(fullKana({ ...person, givenNameKana: null })).toBe('ヤマダ');
  });
});

describe('ageOn', () => {
  const today = new Date(2024, 0, 9);

  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('1950-01-09', today)).toBe(74);
    expect(ageOn('1950-01-10', today)).toBe(73);
    expect(ageOn('2023-12-31', today)).toBe(0);
  });

  it('is null without a usable birth date', () => {
    expect(ageOn(null, today)).toBeNull();
    expect(ageOn('1950/01/09', today)).toBeNull();
    expect(ageOn('2025-01-01', today)).toBeNull();
  });
});
