import type { NoticeDraftBody } from '../../api/notices';
import {
  emptyTargeting,
  toTargeting,
  type TargetingDraft,
  type TargetingProblem,
} from '../../shared/targeting/targetingDraft';

export { toTargeting, toggled, type LatLon } from '../../shared/targeting/targetingDraft';

/** What the compose form holds: strings as typed, lists as picked. */
export interface NoticeDraft extends TargetingDraft {
  ja: { title: string; body: string };
  en: { title: string; body: string };
  link: string;
  /** `datetime-local` value, in the browser's time zone. */
  endsAt: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A `datetime-local` value `days` days from `now`, in local time. */
export function localInputValue(now: Date, days: number): string {
  const d = new Date(now.getTime() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function emptyDraft(now = new Date()): NoticeDraft {
  return {
    ja: { title: '', body: '' },
    en: { title: '', body: '' },
    link: '',
    endsAt: localInputValue(now, 30),
    ...emptyTargeting(),
  };
}

export type DraftProblem =
  TargetingProblem | 'notices.error.jaRequired' | 'notices.error.enIncomplete' | 'notices.error.endsAt';

/** The request body, or the first thing to fix. English is optional but, once begun, complete. */
export function toSendBody(draft: NoticeDraft, now = new Date()): NoticeDraftBody | DraftProblem {
  const ja = { title: draft.ja.title.trim(), body: draft.ja.body.trim() };
  const en = { title: draft.en.title.trim(), body: draft.en.body.trim() };
  if (!ja.title || !ja.body) return 'notices.error.jaRequired';
  if ((en.title || en.body) && !(en.title && en.body)) return 'notices.error.enIncomplete';
  const targeting = toTargeting(draft);
  if (typeof targeting === 'string') return targeting;
  const ends = new Date(draft.endsAt);
  if (Number.isNaN(ends.getTime()) || ends.getTime() <= now.getTime()) return 'notices.error.endsAt';
  return {
    texts: en.title ? { ja, en } : { ja },
    ...(draft.link.trim() ? { link: draft.link.trim() } : {}),
    endsAt: ends.toISOString(),
    targeting,
  };
}
