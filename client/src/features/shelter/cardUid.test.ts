import { describe, expect, it } from 'vitest';
import { normaliseCardUid, randomCardUid, uuidV4 } from './cardUid';

const fixed = (value: number) => (bytes: Uint8Array) => bytes.fill(value);

describe('normaliseCardUid', () => {
  it('accepts 8 to 32 hex digits with the separators reader tools print', () => {
    expect(normaliseCardUid('04a1b2c3')).toBe('04A1B2C3');
    expect(normaliseCardUid('04:A1:B2:C3:D4:E5:F6')).toBe('04A1B2C3D4E5F6');
    expect(normaliseCardUid(' 01 23-45 67 89 ab cd ef ')).toBe('0123456789ABCDEF');
  });

  it('refuses what the reader protocol would refuse', () => {
    expect(normaliseCardUid('')).toBeNull();
    expect(normaliseCardUid('04A1B2C')).toBeNull();
    expect(normaliseCardUid('0'.repeat(33))).toBeNull();
    expect(normaliseCardUid('04A1B2CG')).toBeNull();
  });
});

describe('randomCardUid', () => {
  it('is 16 upper-case hex digits', () => {
    expect(randomCardUid(fixed(0xab))).toBe('ABABABABABABABAB');
    expect(randomCardUid()).toMatch(/^[0-9A-F]{16}$/);
  });
});

describe('uuidV4', () => {
  it('sets the version and variant bits', () => {
    expect(uuidV4(fixed(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(uuidV4(fixed(0))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('is a valid v4 UUID from real randomness, different each time', () => {
    const a = uuidV4();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV4()).not.toBe(a);
  });
});
