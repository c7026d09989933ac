import type en from '../../i18n/contacts.en.json';
import type ja from '../../i18n/contacts.ja.json';
import type enShared from '../../i18n/en.json';
import type jaShared from '../../i18n/ja.json';
import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';

type ContactKey =
  | TranslatedKey<typeof ja.contacts.errors, typeof en.contacts.errors, 'contacts.errors'>
  | TranslatedKey<typeof jaShared.errors, typeof enShared.errors, 'errors'>;

/** The notification settings' words for their errors, keyed by the server's stable ids. */
const CONTACT_MESSAGES: ErrorMessages<ContactKey> = {
  contact_address_invalid: 'contacts.errors.contact_address_invalid',
  contact_code_invalid: 'contacts.errors.contact_code_invalid',
  contact_channel_unavailable: 'contacts.errors.contact_channel_unavailable',
  contact_send_failed: 'contacts.errors.contact_send_failed',
  contact_address_rejected: 'contacts.errors.contact_address_rejected',
  consent_version_outdated: 'contacts.errors.consent_version_outdated',
  rate_limited: 'contacts.errors.rate_limited',
  validation_failed: 'contacts.errors.validation_failed',
  network: 'errors.network',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
};

export function contactErrorKey(error: unknown): ContactKey {
  return explain(CONTACT_MESSAGES, errorIdOf(error, false), 'errors.unknown');
}
