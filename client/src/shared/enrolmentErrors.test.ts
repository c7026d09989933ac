import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import en from '../i18n/enrolment.en.json';
import ja from '../i18n/enrolment.ja.json';
import { enrolmentErrorKey } from './enrolmentErrors';

describe('enrolment error messages', () => {
  it('explain every known server error and a cancelled passkey dialog, in both languages', () => {
    const ids = [
      'enrolment_invalid',
      'enrolment_minor',
      'passkey_invalid',
      'passkey_sign_in_failed',
      'weak_password',
      'rate_limited',
      'last_credential',
    ];
    const keys = [
      ...ids.map((id) => enrolmentErrorKey(new ApiError(400, id, 'x'))),
      enrolmentErrorKey(Object.assign(new Error('cancelled'), { name: 'NotAllowedError' })),
      enrolmentErrorKey(new Error('something else')),
    ];
    for (const key of keys) {
      const name = key.replace('enrolment.errors.', '') as keyof typeof en.enrolment.errors;
      expect(en.enrolment.errors[name], key).toBeTruthy();
      expect(ja.enrolment.errors[name], key).toBeTruthy();
    }
    expect(keys.at(-2)).toBe('enrolment.errors.passkey_cancelled');
    expect(enrolmentErrorKey('mismatch')).toBe('enrolment.errors.mismatch');
    expect(keys.at(-1)).toBe('enrolment.errors.unknown');
  });
});
