import type { ErrorId } from '@contract/errors';
import { ApiError, type ClientErrorId } from '../api/errors';
import type en from '../i18n/en.json';
import type ja from '../i18n/ja.json';

/**
 * What a screen says about each error id it explains, as the i18n key of the text. The ids are the
 * server's (ErrorId from the contract), the API layer's own (`network`, `unknown`) and any a screen
 * names itself (`Extra`); the keys are typed as keys both languages translate. So an id the server
 * no longer sends, or an explanation missing in one language, fails the type check.
 */
export type ErrorMessages<Key extends string, Extra extends string = never> = Partial<
  Record<ErrorId | ClientErrorId | Extra, Key>
>;

/** `prefix.key` for every key present in both languages' texts. */
export type TranslatedKey<
  Ja,
  En,
  Prefix extends string,
> = `${Prefix}.${Extract<keyof Ja & keyof En, string>}`;

/** The id of an API error, or the id itself when a screen's own check or a protocol answer gave one. */
export function errorIdOf(error: unknown, acceptBareIds: boolean): string | null {
  if (error instanceof ApiError) return error.id;
  return acceptBareIds && typeof error === 'string' ? error : null;
}

/** The explanation of `id`, or `fallback` for ids the screen has no words of its own for. */
export function explain<Key extends string>(
  messages: Partial<Record<string, Key>>,
  id: string | null,
  fallback: Key,
): Key {
  return (id !== null && Object.hasOwn(messages, id) ? messages[id] : undefined) ?? fallback;
}

type GenericKey = TranslatedKey<typeof ja.errors, typeof en.errors, 'errors'>;

const GENERIC_MESSAGES: ErrorMessages<GenericKey> = {
  invalid_credentials: 'errors.invalid_credentials',
  rate_limited: 'errors.rate_limited',
  validation_failed: 'errors.validation_failed',
  network: 'errors.network',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
  not_found: 'errors.not_found',
  acting_session_required: 'errors.acting_session_required',
  acting_not_allowed: 'errors.acting_not_allowed',
};

/** The i18n key that explains an error to a person; server messages are English-only and technical. */
export function errorMessageKey(error: unknown): GenericKey {
  return explain(GENERIC_MESSAGES, errorIdOf(error, false), 'errors.unknown');
}
