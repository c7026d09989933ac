import { ApiError } from '../../api/errors';
import type { PersonalDataProblem } from '../../api/notices';
import { errorMessageKey } from '../auth/errorMessages';

const NOTICE_ERROR_IDS = new Set([
  'notice_personal_data',
  'notice_municipality_unknown',
  'notice_polygon_invalid',
  'notice_period_invalid',
  'notice_start_in_future',
  'lives_now_municipality_invalid',
  'lives_now_municipality_unknown',
  'lives_now_name_required',
]);

/** The i18n key explaining a notices error; the shared explanations otherwise. */
export function noticeErrorKey(error: unknown): string {
  if (error instanceof ApiError && NOTICE_ERROR_IDS.has(error.id)) return `notices.errors.${error.id}`;
  return errorMessageKey(error);
}

/** The personal-data findings of a rejected notice, to show next to the fields. */
export function personalDataProblems(error: unknown): PersonalDataProblem[] {
  if (!(error instanceof ApiError) || error.id !== 'notice_personal_data') return [];
  const details = error.details as { problems?: PersonalDataProblem[] } | undefined;
  return Array.isArray(details?.problems) ? details.problems : [];
}
