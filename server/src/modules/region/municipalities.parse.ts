import { z } from 'zod';
import { bboxContains, type MultiPolygonCoordinates } from '@geo/src/geometry.js';
import { ISHIKAWA_BBOX, ISHIKAWA_PREFECTURE_CODE, ISHIKAWA_PREFECTURE_NAME } from '@geo/src/ishikawa.js';
import { CENSUS_2020_POPULATION } from './census-2020.js';
import type { ParseResult, Rejection } from './import-result.js';

export interface MunicipalityRecord {
  code: string;
  name: string;
  prefecture: string;
  population: number | null;
  coordinates: MultiPolygonCoordinates;
}

const position = z.tuple([z.number(), z.number()]).rest(z.number());
const ring = z.array(position).min(4);
const polygon = z.array(ring).min(1);

const n03Feature = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    N03_001: z.string().min(1),
    N03_004: z.string().trim().min(1, 'empty municipality name (N03_004)'),
    N03_007: z.string().regex(/^\d{5}$/, 'N03_007 is not a 5-digit municipality code'),
  }),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: polygon }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1) }),
  ]),
});

const featureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'feature'}: ${issue.message}`).join('; ');
}

/**
 * MLIT N03 administrative areas (one feature per municipality). Polygons are widened to
 * MultiPolygons here; the database repairs any self-intersection left by the simplification.
 */
export function parseMunicipalities(geojson: unknown, source: string): ParseResult<MunicipalityRecord> {
  const collection = featureCollection.safeParse(geojson);
  if (!collection.success) {
    return {
      accepted: [],
      rejected: [{ source, row: 0, reason: `not a FeatureCollection: ${describe(collection.error)}` }],
    };
  }
  const accepted: MunicipalityRecord[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  collection.data.features.forEach((raw, index) => {
    const row = index + 1;
    const reject = (reason: string) => rejected.push({ source, row, reason });
    const parsed = n03Feature.safeParse(raw);
    if (!parsed.success) return reject(describe(parsed.error));
    const { properties, geometry } = parsed.data;
    const code = properties.N03_007;
    if (!code.startsWith(ISHIKAWA_PREFECTURE_CODE) || properties.N03_001 !== ISHIKAWA_PREFECTURE_NAME) {
      return reject(`municipality ${code} is not in ${ISHIKAWA_PREFECTURE_NAME}`);
    }
    if (seen.has(code)) return reject(`duplicate municipality code ${code}`);
    const coordinates = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).map(
      (poly) => poly.map((r) => r.map(([lon, lat]) => [lon, lat] as [number, number])),
    );
    const outside = coordinates.flat(2).find(([lon, lat]) => !bboxContains(ISHIKAWA_BBOX, lon, lat));
    if (outside) return reject(`vertex ${outside.join(',')} lies outside Ishikawa`);
    seen.add(code);
    accepted.push({
      code,
      name: properties.N03_004.trim(),
      prefecture: properties.N03_001,
      population: CENSUS_2020_POPULATION[code] ?? null,
      coordinates,
    });
  });
  return { accepted, rejected };
}
