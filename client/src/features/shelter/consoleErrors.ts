import { ApiError } from '../../api/errors';

/**
 * Error ids the console explains in its own words (409s of the console API, reader protocol
 * errors, and the generic ones). Server messages are English-only and technical.
 */
const CONSOLE_ERROR_IDS = new Set([
  'shelter_closed',
  'card_already_bound',
  'card_already_revoked',
  'card_revoked',
  'already_resolved',
  'already_checked_in',
  'not_checked_in',
  'target_not_open',
  'same_shelter',
  'empty_query',
  'invalid_kana',
  'reader_revoked',
  'reader_key_invalid',
  'tap_time_in_future',
  'event_id_reused',
  'invalid_tap',
  'tap_failed',
  'timeout',
  'validation_failed',
  'forbidden',
  'not_found',
  'unauthenticated',
  'rate_limited',
  'network',
]);

/** The i18n key for an error id or error; anything unexpected reads as the generic message. */
export function consoleErrorKey(error: unknown): string {
  const id = typeof error === 'string' ? error : error instanceof ApiError ? error.id : null;
  if (id !== null && CONSOLE_ERROR_IDS.has(id)) return `console.errors.${id}`;
  return 'console.errors.unknown';
}

/** Every id above, for the test that both languages explain each of them. */
export const consoleErrorIds = (): string[] => [...CONSOLE_ERROR_IDS, 'unknown'];
