import { z } from 'zod';
import { bboxContains } from '@geo/src/geometry.js';
import { ISHIKAWA_BBOX } from '@geo/src/ishikawa.js';
import { hazardsFrom, isFlagSet, type Hazard } from './hazards.js';
import type { ParseResult, Rejection } from './import-result.js';

/** 指定避難所 (people may stay) or 指定緊急避難場所 (immediate refuge from a given hazard). */
export type GsiListKind = 'evacuation' | 'emergency';

export interface GsiSite {
  /** 共通ID: `E` + municipality code (5) + address serial (5) + list digit + kind digit + sequence. */
  sourceId: string;
  list: GsiListKind;
  /** The second digit of the suffix is 2 for 福祉避難所 (welfare shelters) in the evacuation list. */
  welfare: boolean;
  name: string;
  address: string | null;
  municipalityCode: string;
  lon: number;
  lat: number;
  /** Only the emergency list carries hazard flags. */
  hazards: Hazard[];
  /** GSI's own flag that the other list has a site at the same address. */
  sameAddressInOtherList: boolean;
}

const COMMON_ID = /^E(\d{5})(\d{5})([12])(\d)(\d)$/;

const gsiFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({
    type: z.literal('Point'),
    coordinates: z.tuple([z.number(), z.number()]).rest(z.number()),
  }),
  properties: z.looseObject({
    共通ID: z.string().regex(COMMON_ID, '共通ID does not look like E + 13 digits'),
    '施設・場所名': z
      .string()
      .trim()
      .min(1, 'empty site name')
      .max(200, 'site name longer than 200 characters'),
    住所: z.string().nullish(),
  }),
});

const featureCollection = z.object({ features: z.array(z.unknown()) });

/**
 * One GSI per-municipality file. `fileCode` is the 6-digit code in the file name (5-digit JIS code +
 * check digit); `knownMunicipalities` are the codes already in the registry.
 */
export function parseGsiShelters(
  geojson: unknown,
  options: { source: string; list: GsiListKind; fileCode: string; knownMunicipalities: ReadonlySet<string> },
): ParseResult<GsiSite> {
  const { source, list } = options;
  const collection = featureCollection.safeParse(geojson);
  if (!collection.success) {
    return { accepted: [], rejected: [{ source, row: 0, reason: 'not a GeoJSON FeatureCollection' }] };
  }
  const accepted: GsiSite[] = [];
  const rejected: Rejection[] = [];
  const listDigit = list === 'evacuation' ? '1' : '2';
  collection.data.features.forEach((raw, index) => {
    const reject = (reason: string) => rejected.push({ source, row: index + 1, reason });
    const parsed = gsiFeature.safeParse(raw);
    if (!parsed.success) {
      return reject(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    const { properties, geometry } = parsed.data;
    const sourceId = properties.共通ID;
    const [, municipalityCode = '', , idList, kindDigit] = COMMON_ID.exec(sourceId) ?? [];
    if (idList !== listDigit) return reject(`共通ID ${sourceId} belongs to the other list`);
    if (!options.fileCode.startsWith(municipalityCode)) {
      return reject(`共通ID ${sourceId} is not in municipality ${options.fileCode}`);
    }
    if (!options.knownMunicipalities.has(municipalityCode)) {
      return reject(`unknown municipality code ${municipalityCode}`);
    }
    const [lon, lat] = geometry.coordinates;
    if (!bboxContains(ISHIKAWA_BBOX, lon, lat)) return reject(`location ${lon},${lat} lies outside Ishikawa`);
    const address = properties.住所?.trim() || null;
    const props = properties as Record<string, unknown>;
    accepted.push({
      sourceId,
      list,
      welfare: list === 'evacuation' && kindDigit === '2',
      name: properties['施設・場所名'].trim(),
      address,
      municipalityCode,
      lon,
      lat,
      hazards: list === 'emergency' ? hazardsFrom(props) : [],
      sameAddressInOtherList: isFlagSet(
        props[list === 'evacuation' ? '指定緊急避難場所との住所同一' : '指定避難所との住所同一'],
      ),
    });
  });
  return { accepted, rejected };
}
