import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';
import type en from '../../i18n/family.en.json';
import type ja from '../../i18n/family.ja.json';

type FamilyKey = TranslatedKey<typeof ja.family.errors, typeof en.family.errors, 'family.errors'>;

/** The family forms' own checks, before anything is sent. */
type FamilyFormErrorId =
  'place_required' | 'invalid_municipality' | 'note_too_long' | 'name_required' | 'birth_date_required';

/**
 * Errors the family screens explain in the person's language: the server's (docs/
 * family-and-privacy.md), the form's own checks, and failures of the browser's location service.
 */
const FAMILY_MESSAGES: ErrorMessages<FamilyKey, FamilyFormErrorId> = {
  validation_failed: 'family.errors.validation_failed',
  empty_report: 'family.errors.empty_report',
  shelter_required: 'family.errors.shelter_required',
  shelter_without_place: 'family.errors.shelter_without_place',
  municipality_without_place: 'family.errors.municipality_without_place',
  shelter_closed: 'family.errors.shelter_closed',
  location_consent_required: 'family.errors.location_consent_required',
  use_self_report: 'family.errors.use_self_report',
  cannot_designate_self: 'family.errors.cannot_designate_self',
  too_many_designees: 'family.errors.too_many_designees',
  invitation_expired: 'family.errors.invitation_expired',
  invitation_closed: 'family.errors.invitation_closed',
  not_found: 'family.errors.not_found',
  forbidden: 'family.errors.forbidden',
  unauthenticated: 'family.errors.unauthenticated',
  rate_limited: 'family.errors.rate_limited',
  network: 'family.errors.network',
  place_required: 'family.errors.place_required',
  invalid_municipality: 'family.errors.invalid_municipality',
  note_too_long: 'family.errors.note_too_long',
  name_required: 'family.errors.name_required',
  birth_date_required: 'family.errors.birth_date_required',
};

export function familyErrorKey(error: unknown): FamilyKey {
  return explain(FAMILY_MESSAGES, errorIdOf(error, true), 'family.errors.unknown');
}

/** Every id above, for the test that both languages explain each of them. */
export const familyErrorIds = (): string[] => [...Object.keys(FAMILY_MESSAGES), 'unknown'];
