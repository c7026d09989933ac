import { HOUSE_DAMAGE_LEVELS, type HouseDamage } from '@contract/notices/notices.attributes.js';
import { REFERENCE_DATE_UTC } from './households.js';
import type { Random } from './prng.js';

export type { HouseDamage };

/**
 * Rough shape of the 2024 Noto earthquake's damage (Ishikawa's damage reports): the northern
 * peninsula lost most houses, the middle of Noto many, the south little. Weights follow
 * HOUSE_DAMAGE_LEVELS (none … total); the last weight is "not assessed yet".
 */
const SEVERE = ['17204', '17205', '17461', '17463']; // 輪島市 珠洲市 穴水町 能登町
const HEAVY = ['17202', '17384', '17407', '17207']; // 七尾市 志賀町 中能登町 羽咋市
const WEIGHTS = {
  severe: [5, 15, 10, 12, 8, 15, 30, 5],
  heavy: [25, 35, 10, 10, 4, 4, 4, 8],
  light: [80, 10, 1, 1, 0.5, 0.3, 0.2, 7],
} as const;

export function drawHouseDamage(rng: Random, municipalityCode: string): HouseDamage | null {
  const band = SEVERE.includes(municipalityCode)
    ? 'severe'
    : HEAVY.includes(municipalityCode)
      ? 'heavy'
      : 'light';
  const weights = WEIGHTS[band];
  const total = weights.reduce((sum, w) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [i, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return HOUSE_DAMAGE_LEVELS[i] ?? null;
  }
  return null;
}

/** About half of adults opted in to notices in the portal; children rarely (a parent's choice). */
export function drawNoticeConsent(rng: Random, birthDate: string): boolean {
  const age = (REFERENCE_DATE_UTC - Date.parse(birthDate)) / (365.25 * 86_400_000);
  return rng.chance(age < 18 ? 0.1 : age >= 75 ? 0.35 : 0.55);
}
