import municipalities from '@geo/data/municipalities.geojson';

/** MLIT N03 properties: N03_004 is the municipality name, N03_007 its JIS X 0402 code. */
interface N03Properties {
  N03_004?: string | null;
  N03_007?: string | null;
}

export interface Municipality {
  code: string;
  /** Japanese name, as in the boundary data. */
  name: string;
}

const properties = (feature: GeoJSON.Feature) => (feature.properties ?? {}) as N03Properties;

/** Municipalities of the bundled boundaries, by JIS code; islands make several features per code. */
export const MUNICIPALITIES: readonly Municipality[] = (() => {
  const byCode = new Map<string, string>();
  for (const feature of municipalities.features) {
    const { N03_004: name, N03_007: code } = properties(feature);
    if (code && name) byCode.set(code, name);
  }
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
})();

export function municipalityName(code: string): string {
  return MUNICIPALITIES.find((m) => m.code === code)?.name ?? code;
}

/** The boundary features of the given municipalities, for highlighting them on a map. */
export function municipalityFeatures(codes: readonly string[]): GeoJSON.FeatureCollection {
  const wanted = new Set(codes);
  return {
    type: 'FeatureCollection',
    features: municipalities.features.filter((f) => wanted.has(properties(f).N03_007 ?? '')),
  };
}
