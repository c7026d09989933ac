import type { TFunction } from 'i18next';
import type { LetterBatch } from '../../api/letters';

/**
 * A batch's selection in a line: the municipalities (by `nameOf` their code), a drawn area, then
 * the other filters.
 */
export function targetingSummary(
  targeting: LetterBatch['targeting'],
  t: TFunction,
  nameOf: (code: string) => string,
): string {
  const parts: string[] = [];
  if (targeting.municipalityCodes?.length) {
    parts.push(targeting.municipalityCodes.map(nameOf).join('・'));
  }
  if (targeting.polygons?.length) parts.push(t('enrolment.letters.drawnArea'));
  const { ageMin: min, ageMax: max } = targeting;
  if (min !== undefined && max !== undefined) parts.push(t('enrolment.letters.ages', { min, max }));
  else if (min !== undefined) parts.push(t('enrolment.letters.agesFrom', { min }));
  else if (max !== undefined) parts.push(t('enrolment.letters.agesTo', { max }));
  for (const value of targeting.householdHas ?? []) parts.push(t(`notices.household.${value}`));
  for (const value of targeting.whereabouts ?? []) parts.push(t(`notices.whereabouts.${value}`));
  for (const value of targeting.houseDamage ?? []) parts.push(t(`notices.damage.${value}`));
  return parts.length > 0 ? parts.join(' / ') : t('enrolment.letters.everyone');
}
