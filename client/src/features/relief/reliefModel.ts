import type { FormField, Localized } from '../../api/relief';
import { isApiError } from '../../api/http';
import type en from '../../i18n/relief.en.json';
import type ja from '../../i18n/relief.ja.json';
import { errorIdOf, explain, type ErrorMessages, type TranslatedKey } from '../../shared/errorMessages';

/** The text in the reader's language (English only when chosen; Japanese otherwise). */
export const local = (text: Localized, language: string | undefined) =>
  language === 'en' ? text.en : text.ja;

type ReliefErrorKey = TranslatedKey<typeof ja.relief.errors, typeof en.relief.errors, 'relief.errors'>;

/** The relief screens' words for each error they explain; anything else reads as `other`. */
const RELIEF_MESSAGES: ErrorMessages<ReliefErrorKey> = {
  form_invalid: 'relief.errors.form_invalid',
  attachments_missing: 'relief.errors.attachments_missing',
  already_applied_household: 'relief.errors.already_applied_household',
  attachment_too_large: 'relief.errors.attachment_too_large',
  attachment_unsupported_type: 'relief.errors.attachment_unsupported_type',
  attachment_polyglot: 'relief.errors.attachment_polyglot',
  attachment_truncated: 'relief.errors.attachment_truncated',
  attachment_slot_full: 'relief.errors.attachment_slot_full',
  application_not_editable: 'relief.errors.application_not_editable',
  illegal_transition: 'relief.errors.illegal_transition',
  reason_required: 'relief.errors.reason_required',
  fields_required: 'relief.errors.fields_required',
  damage_level_required: 'relief.errors.damage_level_required',
  draft_quota_exceeded: 'relief.errors.draft_quota_exceeded',
  household_draft_quota_exceeded: 'relief.errors.household_draft_quota_exceeded',
  attachment_quota_exceeded: 'relief.errors.attachment_quota_exceeded',
  household_attachment_quota_exceeded: 'relief.errors.household_attachment_quota_exceeded',
  acting_session_required: 'relief.errors.acting_session_required',
  acting_not_allowed: 'relief.errors.acting_not_allowed',
};

export function errorKey(error: unknown): ReliefErrorKey {
  return explain(RELIEF_MESSAGES, errorIdOf(error, false), 'relief.errors.other');
}

/** Field paths the server named in a form_invalid error, to mark those inputs. */
export function invalidFields(error: unknown): string[] {
  if (!isApiError(error, 'form_invalid')) return [];
  const details = error.details as { path?: string }[] | undefined;
  return (details ?? []).map((d) => d.path ?? '').filter(Boolean);
}

export type Draft = Record<string, string | boolean>;

/** Stored answers as input values (numbers become text, so the input can hold a half-typed one). */
export function toDraft(answers: Record<string, unknown>): Draft {
  const draft: Draft = {};
  for (const [key, value] of Object.entries(answers)) {
    if (typeof value === 'boolean') draft[key] = value;
    else if (typeof value === 'number' || typeof value === 'string') draft[key] = String(value);
  }
  return draft;
}

/** Input values as answers: empty inputs are left out, number fields become numbers. */
export function toAnswers(fields: readonly FormField[], draft: Draft): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.type === 'registry') continue;
    const value = draft[field.key];
    if (value === undefined || value === '') continue;
    if (field.type === 'checkbox') {
      if (value === true) answers[field.key] = true;
    } else if (field.type === 'number') {
      answers[field.key] = Number(value);
    } else if (typeof value === 'string') {
      answers[field.key] = value;
    }
  }
  return answers;
}
