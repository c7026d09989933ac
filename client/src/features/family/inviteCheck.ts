import type { InviteBody } from '../../api/family';

/** The invitation form's own checks, so a slip is explained before anything is sent. */
export function checkInvite(
  input: InviteBody,
): { ok: true; body: InviteBody } | { ok: false; error: string } {
  const familyName = input.familyName.trim();
  const givenName = input.givenName.trim();
  if (familyName === '' || givenName === '') return { ok: false, error: 'name_required' };
  if (familyName.length > 100 || givenName.length > 100) return { ok: false, error: 'validation_failed' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate) || Number.isNaN(Date.parse(input.birthDate))) {
    return { ok: false, error: 'birth_date_required' };
  }
  return { ok: true, body: { familyName, givenName, birthDate: input.birthDate } };
}
