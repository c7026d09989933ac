import type { DamageFilter, HouseholdMember, NoticeTargeting, WhereaboutsFilter } from '../../api/notices';

export type LatLon = [number, number];

/**
 * Who a notice or a batch of enrolment letters is for, as a form holds it: strings as typed,
 * lists as picked. Empty means everyone.
 */
export interface TargetingDraft {
  municipalityCodes: string[];
  /** Vertices clicked on the map, [lat, lon]; a polygon from three on. */
  polygon: LatLon[];
  ageMin: string;
  ageMax: string;
  householdHas: HouseholdMember[];
  whereabouts: WhereaboutsFilter[];
  houseDamage: DamageFilter[];
}

export function emptyTargeting(): TargetingDraft {
  return {
    municipalityCodes: [],
    polygon: [],
    ageMin: '',
    ageMax: '',
    householdHas: [],
    whereabouts: [],
    houseDamage: [],
  };
}

export type TargetingProblem = 'notices.error.age' | 'notices.error.ageOrder';

const age = (text: string): number | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 130 ? n : Number.NaN;
};

/** The targeting part: only what was picked; the polygon closes itself. A problem on a bad age. */
export function toTargeting(draft: TargetingDraft): NoticeTargeting | TargetingProblem {
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

/** Adds or removes one value of a multi-pick. */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
