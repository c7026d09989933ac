import { AppError, tooManyRequests } from '../../http/errors.js';

/**
 * The one answer to a claim that cannot go ahead, whatever the reason: no such code, wrong birth
 * date, expired, revoked, used, already enrolled, too young. Telling them apart would tell a
 * stranger with a guessed code or a birth date whether a person exists or has an account.
 */
export const enrolmentInvalid = () =>
  new AppError(
    400,
    'enrolment_invalid',
    'This code and birth date cannot be used. Check both, or ask at a shelter or your municipal office for a new code.',
  );

export const enrolmentRateLimited = (retryAfterSeconds: number) => tooManyRequests(retryAfterSeconds);

export const passkeyInvalid = () =>
  new AppError(400, 'passkey_invalid', 'The passkey could not be checked. Try again.');

export const passkeySignInFailed = () =>
  new AppError(401, 'passkey_sign_in_failed', 'This passkey is not known here. Sign in another way.');

export const enrolmentMinor = (minAge: number) =>
  new AppError(409, 'enrolment_minor', `People under ${minAge} cannot have an account of their own.`);

export const accountDisabled = () =>
  new AppError(409, 'account_disabled', 'This account is disabled; a code cannot be issued for it.');

export const lastCredential = () =>
  new AppError(409, 'last_credential', 'This is the last way into the account; add another one first.');
