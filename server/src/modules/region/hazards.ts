/** Hazard kinds a site is designated for, with the column names GSI uses for them. */
export const HAZARD_COLUMNS = {
  flood: '洪水',
  landslide: '崖崩れ、土石流及び地滑り',
  storm_surge: '高潮',
  earthquake: '地震',
  tsunami: '津波',
  fire: '大規模な火事',
  inland_flood: '内水氾濫',
  volcano: '火山現象',
} as const;

export type Hazard = keyof typeof HAZARD_COLUMNS;

export const HAZARDS = Object.keys(HAZARD_COLUMNS) as Hazard[];

/** GSI and the Nanao list mark a hazard with "1" (or "1.0"); anything else means not designated. */
export function isFlagSet(value: unknown): boolean {
  if (typeof value === 'number') return value === 1;
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  return trimmed !== '' && Number(trimmed) === 1;
}

export function hazardsFrom(properties: Record<string, unknown>, columnPrefix = ''): Hazard[] {
  return HAZARDS.filter((hazard) => isFlagSet(properties[columnPrefix + HAZARD_COLUMNS[hazard]]));
}
