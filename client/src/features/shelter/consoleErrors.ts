import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';
import type en from '../../i18n/en.json';
import type ja from '../../i18n/ja.json';

type ConsoleKey = TranslatedKey<typeof ja.console.errors, typeof en.console.errors, 'console.errors'>;

/**
 * Errors the console explains in its own words (409s of the console API, reader protocol errors,
 * and the generic ones), plus the simulated reader's own `timeout`. Server messages are
 * English-only and technical.
 */
const CONSOLE_MESSAGES: ErrorMessages<ConsoleKey, 'timeout'> = {
  shelter_closed: 'console.errors.shelter_closed',
  card_already_bound: 'console.errors.card_already_bound',
  card_already_revoked: 'console.errors.card_already_revoked',
  card_revoked: 'console.errors.card_revoked',
  card_unknown: 'console.errors.card_unknown',
  already_resolved: 'console.errors.already_resolved',
  already_checked_in: 'console.errors.already_checked_in',
  not_checked_in: 'console.errors.not_checked_in',
  target_not_open: 'console.errors.target_not_open',
  same_shelter: 'console.errors.same_shelter',
  empty_query: 'console.errors.empty_query',
  invalid_kana: 'console.errors.invalid_kana',
  reader_revoked: 'console.errors.reader_revoked',
  reader_key_invalid: 'console.errors.reader_key_invalid',
  tap_time_in_future: 'console.errors.tap_time_in_future',
  event_id_reused: 'console.errors.event_id_reused',
  invalid_tap: 'console.errors.invalid_tap',
  tap_failed: 'console.errors.tap_failed',
  timeout: 'console.errors.timeout',
  validation_failed: 'console.errors.validation_failed',
  forbidden: 'console.errors.forbidden',
  not_found: 'console.errors.not_found',
  unauthenticated: 'console.errors.unauthenticated',
  rate_limited: 'console.errors.rate_limited',
  network: 'console.errors.network',
};

/** The i18n key for an error id or error; anything unexpected reads as the generic message. */
export function consoleErrorKey(error: unknown): ConsoleKey {
  return explain(CONSOLE_MESSAGES, errorIdOf(error, true), 'console.errors.unknown');
}

/** Every id above, for the test that both languages explain each of them. */
export const consoleErrorIds = (): string[] => [...Object.keys(CONSOLE_MESSAGES), 'unknown'];
