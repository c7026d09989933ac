import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  generateEnrolmentCode,
  hashEnrolmentCode,
  normaliseEnrolmentCode,
} from './enrolment-code.js';

describe('enrolment codes', () => {
  it('are 16 unambiguous symbols in groups of four, different every time', () => {
    const codes = new Set(Array.from({ length: 2000 }, generateEnrolmentCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    }
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(Math.log2(CODE_ALPHABET.length) * CODE_LENGTH).toBeGreaterThan(78);
  });

  it('read back as typed: lower case, spaces, full width and long dashes are folded', () => {
    const code = generateEnrolmentCode();
    const plain = code.replaceAll('-', '');
    expect(normaliseEnrolmentCode(code)).toBe(plain);
    expect(normaliseEnrolmentCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(plain);
    const fullWidth = [...code].map((c) =>
      c === '-' ? 'ー' : String.fromCodePoint(c.codePointAt(0)! + 0xfee0),
    );
    expect(normaliseEnrolmentCode(fullWidth.join(''))).toBe(plain);
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseEnrolmentCode('')).toBeNull();
    expect(normaliseEnrolmentCode('2345-6789-ABCD-EFG')).toBeNull();
    expect(normaliseEnrolmentCode('2345-6789-ABCD-EFG0')).toBeNull();
    expect(normaliseEnrolmentCode('2345-6789-ABCD-EFGHJ')).toBeNull();
  });

  it('are kept as a hash that does not contain the code', () => {
    const plain = normaliseEnrolmentCode(generateEnrolmentCode())!;
    const hash = hashEnrolmentCode(plain);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(plain.toLowerCase());
    expect(hashEnrolmentCode(plain)).toBe(hash);
  });
});
