import { ApiError } from '../../api/errors';
import type { PersonalDataProblem } from '../../api/notices';
import type en from '../../i18n/notices.en.json';
import type ja from '../../i18n/notices.ja.json';
import {
  errorIdOf,
  errorMessageKey,
  explain,
  type ErrorMessages,
  type TranslatedKey,
} from '../../shared/errorMessages';

type NoticeKey = TranslatedKey<typeof ja.notices.errors, typeof en.notices.errors, 'notices.errors'>;

const NOTICE_MESSAGES: ErrorMessages<NoticeKey> = {
  notice_personal_data: 'notices.errors.notice_personal_data',
  notice_municipality_unknown: 'notices.errors.notice_municipality_unknown',
  notice_polygon_invalid: 'notices.errors.notice_polygon_invalid',
  notice_period_invalid: 'notices.errors.notice_period_invalid',
  notice_start_in_future: 'notices.errors.notice_start_in_future',
  lives_now_municipality_invalid: 'notices.errors.lives_now_municipality_invalid',
  lives_now_municipality_unknown: 'notices.errors.lives_now_municipality_unknown',
  lives_now_name_required: 'notices.errors.lives_now_name_required',
};

/** The i18n key explaining a notices error; the shared explanations otherwise. */
export function noticeErrorKey(error: unknown): string {
  return explain<string>(NOTICE_MESSAGES, errorIdOf(error, false), errorMessageKey(error));
}

/** The personal-data findings of a rejected notice, to show next to the fields. */
export function personalDataProblems(error: unknown): PersonalDataProblem[] {
  if (!(error instanceof ApiError) || error.id !== 'notice_personal_data') return [];
  const details = error.details as { problems?: PersonalDataProblem[] } | undefined;
  return Array.isArray(details?.problems) ? details.problems : [];
}
