import type en from '../i18n/kiosk.en.json';
import type ja from '../i18n/kiosk.ja.json';
import type enShared from '../i18n/en.json';
import type jaShared from '../i18n/ja.json';
import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from './errorMessages';

type KioskKey =
  | TranslatedKey<typeof ja.kiosk.errors, typeof en.kiosk.errors, 'kiosk.errors'>
  | TranslatedKey<typeof jaShared.errors, typeof enShared.errors, 'errors'>;

/** The kiosk's words for its errors, keyed by the server's stable ids. */
const KIOSK_MESSAGES: ErrorMessages<KioskKey> = {
  kiosk_sign_in_failed: 'kiosk.errors.kiosk_sign_in_failed',
  kiosk_card_locked: 'kiosk.errors.kiosk_card_locked',
  kiosk_key_invalid: 'kiosk.errors.kiosk_key_invalid',
  kiosk_session_limited: 'kiosk.errors.kiosk_session_limited',
  weak_pin: 'kiosk.errors.weak_pin',
  rate_limited: 'kiosk.errors.rate_limited',
  validation_failed: 'kiosk.errors.validation_failed',
  network: 'errors.network',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
};

export function kioskErrorKey(error: unknown): KioskKey {
  return explain(KIOSK_MESSAGES, errorIdOf(error, false), 'errors.unknown');
}
