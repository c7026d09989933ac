import { ApiError } from '../../api/errors';

const KNOWN_ERROR_IDS = new Set([
  'invalid_credentials',
  'rate_limited',
  'validation_failed',
  'network',
  'unauthenticated',
  'forbidden',
  'not_found',
]);

/** The i18n key that explains an error to a person; server messages are English-only and technical. */
export function errorMessageKey(error: unknown): string {
  if (error instanceof ApiError && KNOWN_ERROR_IDS.has(error.id)) return `errors.${error.id}`;
  return 'errors.unknown';
}
