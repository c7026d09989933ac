import { ApiError } from '../../api/errors';
import type en from '../../i18n/account.en.json';
import type ja from '../../i18n/account.ja.json';
import type enShared from '../../i18n/en.json';
import type jaShared from '../../i18n/ja.json';
import { explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';

/** What the server says is wrong with a new password (`weak_password` details), as i18n keys. */
const PASSWORD_PROBLEMS = new Set([
  'too_short',
  'too_long',
  'too_common',
  'contains_username',
  'too_repetitive',
]);

type AccountKey =
  | TranslatedKey<typeof ja.account.errors, typeof en.account.errors, 'account.errors'>
  | TranslatedKey<typeof jaShared.errors, typeof enShared.errors, 'errors'>;

/** The account page's own words for a wrong current password; the shared ones otherwise. */
const ACCOUNT_MESSAGES: ErrorMessages<AccountKey> = {
  wrong_password: 'account.errors.wrong_password',
  same_password: 'account.errors.same_password',
  rate_limited: 'errors.rate_limited',
  network: 'errors.network',
  unauthenticated: 'errors.unauthenticated',
};

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
  return [explain(ACCOUNT_MESSAGES, error.id, 'errors.unknown')];
}
