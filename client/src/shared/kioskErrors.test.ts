import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import en from '../i18n/kiosk.en.json';
import ja from '../i18n/kiosk.ja.json';
import { kioskErrorKey } from './kioskErrors';

describe('kiosk error messages', () => {
  it("explain every kiosk error in the kiosk's own words, in both languages", () => {
    const ids = [
      'kiosk_sign_in_failed',
      'kiosk_card_locked',
      'kiosk_key_invalid',
      'kiosk_session_limited',
      'weak_pin',
      'rate_limited',
      'validation_failed',
    ] as const;
    for (const id of ids) {
      const key = kioskErrorKey(new ApiError(400, id, 'x'));
      expect(key).toBe(`kiosk.errors.${id}`);
      expect(en.kiosk.errors[id], key).toBeTruthy();
      expect(ja.kiosk.errors[id], key).toBeTruthy();
    }
    expect(kioskErrorKey(new Error('something else'))).toBe('errors.unknown');
  });

  it('gives both languages the same kiosk texts', () => {
    const keysOf = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, inner]) => keysOf(inner, `${prefix}${key}.`))
        : [prefix];
    expect(keysOf(ja).sort()).toEqual(keysOf(en).sort());
  });
});
