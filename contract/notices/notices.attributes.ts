/**
 * The vocabulary notices target by. Shared by the schema (validation, OpenAPI), the SQL builder
 * and the client (which imports these lists, so the two never drift).
 */

/** 罹災証明書 damage categories, least to most severe (Cabinet Office guideline, 2021). */
export const HOUSE_DAMAGE_LEVELS = [
  'none', // 被害なし
  'partial', // 一部損壊（準半壊に至らない）
  'semi_half', // 準半壊
  'half', // 半壊
  'medium_half', // 中規模半壊
  'large_half', // 大規模半壊
  'total', // 全壊
] as const;
export type HouseDamage = (typeof HOUSE_DAMAGE_LEVELS)[number];

/** A damage filter may also pick households whose house has not been assessed yet. */
export const DAMAGE_FILTERS = [...HOUSE_DAMAGE_LEVELS, 'not_assessed'] as const;
export type DamageFilter = (typeof DAMAGE_FILTERS)[number];

/** Members a household must include: infant under 1, child under 15, elderly 65+, disability. */
export const HOUSEHOLD_MEMBERS = ['infant', 'child', 'elderly', 'disability'] as const;
export type HouseholdMember = (typeof HOUSEHOLD_MEMBERS)[number];

export const AGE_LIMITS = { infantUnder: 1, childUnder: 15, elderlyFrom: 65 } as const;

/**
 * Whereabouts a notice can target. `evacuated_outside` is computed: the resident says they now
 * live in another municipality than their home one, or their current whereabouts are
 * "evacuated outside". The others are the current place as reported; `unknown` includes people
 * with no report at all.
 */
export const WHEREABOUTS_FILTERS = [
  'evacuated_outside',
  'shelter',
  'home',
  'vehicle',
  'relatives',
  'hospital',
  'unknown',
] as const;
export type WhereaboutsFilter = (typeof WHEREABOUTS_FILTERS)[number];

export const NOTICE_LANGUAGES = ['ja', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];
