import type en from '../../i18n/visits.en.json';
import type ja from '../../i18n/visits.ja.json';
import type enShared from '../../i18n/en.json';
import type jaShared from '../../i18n/ja.json';
import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';

type VisitKey =
  | TranslatedKey<typeof ja.visits.errors, typeof en.visits.errors, 'visits.errors'>
  | TranslatedKey<typeof jaShared.errors, typeof enShared.errors, 'errors'>;

/** The words of the visit screens for their errors, keyed by the server's stable ids. */
const VISIT_MESSAGES: ErrorMessages<VisitKey> = {
  visit_task_closed: 'visits.errors.visit_task_closed',
  visit_outside_area: 'visits.errors.visit_outside_area',
  visit_assignee_invalid: 'visits.errors.visit_assignee_invalid',
  validation_failed: 'errors.validation_failed',
  network: 'errors.network',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
  not_found: 'errors.not_found',
};

export function visitErrorKey(error: unknown): VisitKey {
  return explain(VISIT_MESSAGES, errorIdOf(error, false), 'errors.unknown');
}
