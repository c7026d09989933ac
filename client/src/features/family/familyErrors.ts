import { ApiError } from '../../api/errors';

/**
 * Error ids the family screens explain in the person's language: the server's (docs/
 * family-and-privacy.md), the form's own checks, and failures of the browser's location service.
 */
const FAMILY_ERROR_IDS = new Set([
  'validation_failed',
  'empty_report',
  'shelter_required',
  'shelter_without_place',
  'municipality_without_place',
  'shelter_closed',
  'location_consent_required',
  'use_self_report',
  'cannot_designate_self',
  'too_many_designees',
  'invitation_expired',
  'invitation_closed',
  'not_found',
  'forbidden',
  'unauthenticated',
  'rate_limited',
  'network',
  'place_required',
  'invalid_municipality',
  'note_too_long',
  'name_required',
  'birth_date_required',
]);

export function familyErrorKey(error: unknown): string {
  const id = typeof error === 'string' ? error : error instanceof ApiError ? error.id : null;
  if (id !== null && FAMILY_ERROR_IDS.has(id)) return `family.errors.${id}`;
  return 'family.errors.unknown';
}

/** Every id above, for the test that both languages explain each of them. */
export const familyErrorIds = (): string[] => [...FAMILY_ERROR_IDS, 'unknown'];
