import { ApiError } from '../../api/errors';

const KNOWN = new Set([
  'enrolment_invalid',
  'enrolment_minor',
  'account_disabled',
  'shelter_required',
  'passkey_invalid',
  'passkey_sign_in_failed',
  'last_credential',
  'weak_password',
  'rate_limited',
  'validation_failed',
  'network',
  'forbidden',
  'not_found',
]);

/** The i18n key explaining an enrolment or passkey failure. */
export function enrolmentErrorKey(error: unknown): string {
  if (error instanceof ApiError && KNOWN.has(error.id)) return `enrolment.errors.${error.id}`;
  // The device refused or the person cancelled the passkey dialog (a DOMException, not the server).
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return 'enrolment.errors.passkey_cancelled';
  }
  return 'enrolment.errors.unknown';
}
