import type en from '../i18n/enrolment.en.json';
import type ja from '../i18n/enrolment.ja.json';
import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from './errorMessages';

type EnrolmentKey = TranslatedKey<typeof ja.enrolment.errors, typeof en.enrolment.errors, 'enrolment.errors'>;

/**
 * Enrolment, passkey sign-in and the account's passkeys explain errors in their own words; shared
 * by the enrolment page, the login page and the account page.
 */
const ENROLMENT_MESSAGES: ErrorMessages<EnrolmentKey, 'mismatch' | 'pin_format'> = {
  enrolment_invalid: 'enrolment.errors.enrolment_invalid',
  enrolment_minor: 'enrolment.errors.enrolment_minor',
  account_disabled: 'enrolment.errors.account_disabled',
  shelter_required: 'enrolment.errors.shelter_required',
  passkey_invalid: 'enrolment.errors.passkey_invalid',
  passkey_sign_in_failed: 'enrolment.errors.passkey_sign_in_failed',
  last_credential: 'enrolment.errors.last_credential',
  weak_password: 'enrolment.errors.weak_password',
  mismatch: 'enrolment.errors.mismatch',
  weak_pin: 'enrolment.errors.weak_pin',
  pin_format: 'enrolment.errors.pin_format',
  rate_limited: 'enrolment.errors.rate_limited',
  validation_failed: 'enrolment.errors.validation_failed',
  network: 'enrolment.errors.network',
  forbidden: 'enrolment.errors.forbidden',
  not_found: 'enrolment.errors.not_found',
  letters_empty: 'enrolment.errors.letters_empty',
  letters_not_ready: 'enrolment.errors.letters_not_ready',
  letters_not_cancellable: 'enrolment.errors.letters_not_cancellable',
};

/** The i18n key explaining an enrolment or passkey failure (or a page's own check, by its id). */
export function enrolmentErrorKey(error: unknown): EnrolmentKey {
  // The device refused or the person cancelled the passkey dialog (a DOMException, not the server).
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return 'enrolment.errors.passkey_cancelled';
  }
  return explain(ENROLMENT_MESSAGES, errorIdOf(error, true), 'enrolment.errors.unknown');
}
