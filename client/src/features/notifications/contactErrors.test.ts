import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import en from '../../i18n/contacts.en.json';
import ja from '../../i18n/contacts.ja.json';
import { contactErrorKey } from './contactErrors';

describe('notification settings error messages', () => {
  it('explain every contact error in their own words, in both languages', () => {
    const ids = [
      'contact_address_invalid',
      'contact_code_invalid',
      'contact_channel_unavailable',
      'contact_send_failed',
      'contact_address_rejected',
      'consent_version_outdated',
      'rate_limited',
    ] as const;
    for (const id of ids) {
      const key = contactErrorKey(new ApiError(400, id, 'x'));
      expect(key).toBe(`contacts.errors.${id}`);
      expect(en.contacts.errors[id], key).toBeTruthy();
      expect(ja.contacts.errors[id], key).toBeTruthy();
    }
    expect(contactErrorKey(new Error('something else'))).toBe('errors.unknown');
  });

  it('gives both languages the same texts', () => {
    const keysOf = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, inner]) => keysOf(inner, `${prefix}${key}.`))
        : [prefix];
    expect(keysOf(ja).sort()).toEqual(keysOf(en).sort());
  });
});
