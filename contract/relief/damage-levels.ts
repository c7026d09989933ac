/** Damage levels of a disaster victim certificate (罹災証明書), most severe first. */
export const DAMAGE_LEVELS = ['total', 'large_half', 'medium_half', 'half', 'quasi_half', 'partial'] as const;
export type DamageLevel = (typeof DAMAGE_LEVELS)[number];
