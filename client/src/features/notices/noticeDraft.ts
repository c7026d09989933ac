import type {
  DamageFilter,
  HouseholdMember,
  NoticeDraftBody,
  NoticeTargeting,
  WhereaboutsFilter,
} from '../../api/notices';

export type LatLon = [number, number];

/** What the compose form holds: strings as typed, lists as picked. */
export interface NoticeDraft {
  ja: { title: string; body: string };
  en: { title: string; body: string };
  link: string;
  /** `datetime-local` value, in the browser's time zone. */
  endsAt: string;
  municipalityCodes: string[];
  /** Vertices clicked on the map, [lat, lon]; a polygon from three on. */
  polygon: LatLon[];
  ageMin: string;
  ageMax: string;
  householdHas: HouseholdMember[];
  whereabouts: WhereaboutsFilter[];
  houseDamage: DamageFilter[];
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
    municipalityCodes: [],
    polygon: [],
    ageMin: '',
    ageMax: '',
    householdHas: [],
    whereabouts: [],
    houseDamage: [],
  };
}

const age = (text: string): number | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 130 ? n : Number.NaN;
};

export type DraftProblem =
  | 'notices.error.jaRequired'
  | 'notices.error.enIncomplete'
  | 'notices.error.age'
  | 'notices.error.ageOrder'
  | 'notices.error.endsAt';

/** The targeting part: only what was picked; the polygon closes itself. Undefined on a bad age. */
export function toTargeting(draft: NoticeDraft): NoticeTargeting | DraftProblem {
  const targeting: NoticeTargeting = {};
  if (draft.municipalityCodes.length > 0) targeting.municipalityCodes = [...draft.municipalityCodes];
  if (draft.polygon.length >= 3) {
    const ring = draft.polygon.map(([lat, lon]) => [lon, lat] as [number, number]);
    targeting.polygons = [[...ring, ring[0]!]];
  }
  const min = age(draft.ageMin);
  const max = age(draft.ageMax);
  if (Number.isNaN(min) || Number.isNaN(max)) return 'notices.error.age';
  if (min !== undefined && max !== undefined && min > max) return 'notices.error.ageOrder';
  if (min !== undefined) targeting.ageMin = min;
  if (max !== undefined) targeting.ageMax = max;
  if (draft.householdHas.length > 0) targeting.householdHas = [...draft.householdHas];
  if (draft.whereabouts.length > 0) targeting.whereabouts = [...draft.whereabouts];
  if (draft.houseDamage.length > 0) targeting.houseDamage = [...draft.houseDamage];
  return targeting;
}

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

/** Adds or removes one value of a multi-pick. */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
