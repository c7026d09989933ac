import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import { errorMessageKey } from './errorMessages';

describe('errorMessageKey', () => {
  it.each(['invalid_credentials', 'rate_limited', 'validation_failed', 'network'])(
    'explains %s in both languages',
    (id) => {
      const key = errorMessageKey(new ApiError(400, id, 'server text'));
      expect(key).toBe(`errors.${id}`);
      const name = key.replace('errors.', '') as keyof typeof ja.errors;
      expect(ja.errors[name]).toBeTruthy();
      expect(en.errors[name]).toBeTruthy();
    },
  );

  it('falls back to a generic message for ids it does not know and for non-API errors', () => {
    expect(errorMessageKey(new ApiError(500, 'internal', 'boom'))).toBe('errors.unknown');
    expect(errorMessageKey(new Error('boom'))).toBe('errors.unknown');
  });
});

describe('translations', () => {
  function keys(value: unknown, prefix = ''): string[] {
    if (typeof value !== 'object' || value === null) return [prefix];
    return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
  }

  it('have the same keys in ja and en', () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });
});
