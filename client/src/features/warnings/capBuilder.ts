import { formatCapDateTime, parseCapDateTime } from '@geo/src/cap/cap.datetime';
import type { CapAlertInput } from '@geo/src/cap/cap.schema';
import type {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_RESPONSE_TYPES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
} from '@geo/src/cap/cap.types';
import type { AlertSummary } from '../../api/alerts';
import { fromCapAreas, toCapArea, type DraftArea } from './areaModel';

/** Who this system signs its warnings as (CAP `sender`: no spaces or commas). */
export const CAP_SENDER = 'hinan-hq';

/** HQ issues in these two languages; the server refuses an Alert or Update without both. */
export const WARNING_LANGUAGES = ['ja', 'en'] as const;
export type WarningLanguage = (typeof WARNING_LANGUAGES)[number];
const CAP_LANGUAGE_TAG: Record<WarningLanguage, string> = { ja: 'ja-JP', en: 'en-US' };

/** Composable statuses: Actual and Exercise are delivered, Test is stored only. */
export const COMPOSE_STATUSES = ['Actual', 'Exercise', 'Test'] as const;
export type ComposeStatus = (typeof COMPOSE_STATUSES)[number];

export const VALID_HOURS = [1, 3, 6, 12, 24, 48, 72] as const;

export interface WarningText {
  event: string;
  headline: string;
  description: string;
  instruction: string;
}

export interface WarningForm {
  status: ComposeStatus;
  category: (typeof CAP_CATEGORIES)[number];
  responseType: (typeof CAP_RESPONSE_TYPES)[number];
  urgency: (typeof CAP_URGENCIES)[number];
  severity: (typeof CAP_SEVERITIES)[number];
  certainty: (typeof CAP_CERTAINTIES)[number];
  /** The warning expires this many hours after it is sent. */
  validHours: number;
  areaDesc: string;
  text: Record<WarningLanguage, WarningText>;
}

const emptyText = (): WarningText => ({ event: '', headline: '', description: '', instruction: '' });

export function emptyForm(): WarningForm {
  return {
    status: 'Actual',
    category: 'Safety',
    responseType: 'Evacuate',
    urgency: 'Immediate',
    severity: 'Severe',
    certainty: 'Observed',
    validHours: 6,
    areaDesc: '',
    text: { ja: emptyText(), en: emptyText() },
  };
}

export type FormProblem = 'area' | 'areaDesc' | `${WarningLanguage}.event` | `${WarningLanguage}.headline`;

/** What still has to be filled in before the warning can be sent (empty when ready). */
export function formProblems(form: WarningForm, area: DraftArea): FormProblem[] {
  const problems: FormProblem[] = [];
  if (area.shapes.length === 0 && area.municipalities.length === 0) problems.push('area');
  if (form.areaDesc.trim() === '') problems.push('areaDesc');
  for (const language of WARNING_LANGUAGES) {
    if (form.text[language].event.trim() === '') problems.push(`${language}.event`);
    if (form.text[language].headline.trim() === '') problems.push(`${language}.headline`);
  }
  return problems;
}

/** A CAP identifier unique per sender: time to the second plus randomness against double clicks. */
export function newIdentifier(now: Date, random: () => number = Math.random): string {
  const stamp = formatCapDateTime(now).slice(0, 19).replace(/\D/g, '');
  const suffix = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `hinan-${stamp}-${suffix}`;
}

/** The three fields that name an earlier message. */
export type AlertRef = Pick<AlertSummary, 'sender' | 'identifier' | 'sent'>;

/** `sender,identifier,sent` of an earlier message, as CAP `references` wants it. */
export function referenceTo(alert: AlertRef): string {
  return `${alert.sender},${alert.identifier},${alert.sent}`;
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

interface BuildOptions {
  now: Date;
  identifier: string;
  /** Set for an Update: the message it replaces. */
  replaces?: AlertRef;
}

/** The CAP alert (JSON, CAP element names) for a new warning or an Update of one. */
export function buildAlert(form: WarningForm, area: DraftArea, options: BuildOptions): CapAlertInput {
  const sent = formatCapDateTime(options.now);
  const expires = formatCapDateTime(new Date(options.now.getTime() + form.validHours * 3_600_000));
  const capArea = toCapArea(area, form.areaDesc.trim());
  return {
    identifier: options.identifier,
    sender: CAP_SENDER,
    sent,
    status: form.status,
    msgType: options.replaces ? 'Update' : 'Alert',
    scope: 'Public',
    ...(options.replaces ? { references: referenceTo(options.replaces) } : {}),
    info: WARNING_LANGUAGES.map((language) => {
      const text = form.text[language];
      return {
        language: CAP_LANGUAGE_TAG[language],
        category: [form.category],
        event: text.event.trim(),
        responseType: [form.responseType],
        urgency: form.urgency,
        severity: form.severity,
        certainty: form.certainty,
        expires,
        headline: optional(text.headline),
        description: optional(text.description),
        instruction: optional(text.instruction),
        area: [capArea],
      };
    }),
  };
}

/** Headline prefixes of a cancellation, written into the message itself (not UI text). */
const CANCEL_PREFIX: Record<WarningLanguage, string> = { ja: '【解除】', en: 'Cancelled: ' };

/**
 * A Cancel of an active warning. It carries a short info per language so residents' inboxes can
 * say what was lifted; no area, since a Cancel reaches everyone who holds the warning.
 */
export function buildCancel(
  previous: WarningForm,
  replaces: AlertRef,
  options: Omit<BuildOptions, 'replaces'>,
): CapAlertInput {
  return {
    identifier: options.identifier,
    sender: CAP_SENDER,
    sent: formatCapDateTime(options.now),
    status: previous.status,
    msgType: 'Cancel',
    scope: 'Public',
    references: referenceTo(replaces),
    info: WARNING_LANGUAGES.map((language) => {
      const text = previous.text[language];
      return {
        language: CAP_LANGUAGE_TAG[language],
        category: [previous.category],
        // Both texts exist whenever the warning came from this UI; imports may lack one language.
        event: text.event.trim() || previous.text.ja.event.trim() || 'Cancel',
        responseType: ['AllClear' as const],
        urgency: 'Past' as const,
        severity: previous.severity,
        certainty: previous.certainty,
        headline: `${CANCEL_PREFIX[language]}${text.headline.trim() || text.event.trim()}`,
        area: [],
      };
    }),
  };
}

const baseLanguage = (tag: string | undefined) => (tag ?? '').toLowerCase().split('-')[0] ?? '';

/**
 * The form and area of an earlier message, to start an Update from. Languages other than ja/en
 * are left out; a missing language stays empty for the operator to fill in.
 */
export function formFromCap(
  cap: CapAlertInput,
  now: Date,
): { form: WarningForm; area: DraftArea; skipped: number } {
  const form = emptyForm();
  const infos = cap.info ?? [];
  const first = infos[0];
  if (cap.status === 'Actual' || cap.status === 'Exercise' || cap.status === 'Test') form.status = cap.status;
  if (first) {
    form.category = first.category[0] ?? form.category;
    form.responseType = first.responseType?.[0] ?? form.responseType;
    form.urgency = first.urgency;
    form.severity = first.severity;
    form.certainty = first.certainty;
    const expires = first.expires ? parseCapDateTime(first.expires) : undefined;
    if (expires) form.validHours = closestValidHours((expires.getTime() - now.getTime()) / 3_600_000);
    form.areaDesc = first.area?.[0]?.areaDesc ?? '';
  }
  for (const language of WARNING_LANGUAGES) {
    const info = infos.find((i) => baseLanguage(i.language) === language);
    if (!info) continue;
    form.text[language] = {
      event: info.event,
      headline: info.headline ?? '',
      description: info.description ?? '',
      instruction: info.instruction ?? '',
    };
  }
  const { area, skipped } = fromCapAreas(first?.area ?? []);
  return { form, area, skipped };
}

function closestValidHours(hours: number): number {
  return VALID_HOURS.find((h) => h >= hours) ?? VALID_HOURS[VALID_HOURS.length - 1]!;
}
