import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

describe('password policy', () => {
  it('accepts long passphrases in any script, with no composition rules', () => {
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
    expect(passwordProblems('ひなんじょはちかくのしょうがっこう')).toEqual([]);
    expect(passwordProblems('tsunami-warning-ishikawa-7')).toEqual([]);
    expect(passwordProblems('x'.repeat(6) + 'y'.repeat(3) + 'zw!')).toEqual([]);
  });

  it('names each problem', () => {
    expect(passwordProblems('short1')).toEqual(['too_short']);
    expect(passwordProblems('a'.repeat(129))).toEqual(['too_long', 'too_repetitive']);
    expect(passwordProblems('Password1234')).toEqual(['too_common']);
    expect(passwordProblems('staff-tanaka-2024', { username: 'tanaka' })).toEqual(['contains_username']);
    expect(passwordProblems('abababababab')).toEqual(['too_repetitive']);
    expect(passwordProblems('abcdefghijklmn')).toEqual(['too_repetitive']);
    expect(passwordProblems('987654321098')).toEqual(['too_repetitive']);
  });

  it('refuses what guessing tools try early, in any spelling', () => {
    expect(passwordProblems('abcabcabcabc')).toEqual(['too_repetitive']);
    expect(passwordProblems('P@ssw0rdP@ssw0rd')).not.toEqual([]);
    expect(passwordProblems('Password1234!')).toEqual(['too_common']);
    expect(passwordProblems('qwertyuiopas')).not.toEqual([]);
    expect(passwordProblems('hinan1234567')).toEqual(['too_common']);
  });

  it('judges the NFKC form: full-width letters are the ones they look like', () => {
    expect(passwordProblems('ｐａｓｓｗｏｒｄ１２３４')).toEqual(['too_common']);
    expect(passwordProblems('ｓｔａｆｆ－ｔａｎａｋａ－２０２４', { username: 'tanaka' })).toEqual([
      'contains_username',
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    // 11 emoji are 22 UTF-16 units but still too short.
    expect(passwordProblems('🌊🏠🚒🚑🏥🏫🗾⛺🌋🌧🌀')).toEqual(['too_short']);
  });
});
