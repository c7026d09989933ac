import { ApiError } from '../../api/errors';

/** What the server says is wrong with a new password (`weak_password` details), as i18n keys. */
const PASSWORD_PROBLEMS = new Set([
  'too_short',
  'too_long',
  'too_common',
  'contains_username',
  'too_repetitive',
]);

const KNOWN_ERROR_IDS = new Set([
  'wrong_password',
  'same_password',
  'rate_limited',
  'network',
  'unauthenticated',
]);
/** Errors of the password form itself, explained in its own words. */
const ACCOUNT_ERROR_IDS = new Set(['wrong_password', 'same_password']);

/** i18n keys explaining why a password change or sign-out failed, most specific first. */
export function accountErrorKeys(error: unknown): string[] {
  if (!(error instanceof ApiError)) return ['errors.unknown'];
  if (error.id === 'weak_password' && Array.isArray(error.details)) {
    const keys = error.details
      .map((detail: unknown) =>
        typeof detail === 'object' && detail !== null ? (detail as { problem?: unknown }).problem : undefined,
      )
      .filter((problem): problem is string => typeof problem === 'string' && PASSWORD_PROBLEMS.has(problem))
      .map((problem) => `account.problems.${problem}`);
    if (keys.length > 0) return keys;
  }
  if (KNOWN_ERROR_IDS.has(error.id)) {
    return [ACCOUNT_ERROR_IDS.has(error.id) ? `account.errors.${error.id}` : `errors.${error.id}`];
  }
  return ['errors.unknown'];
}
