import {
  bboxContains,
  bboxOf,
  multiPolygonContains,
  type BBox,
  type MultiPolygonCoordinates,
} from '@geo/src/geometry.js';
import type { Random } from './prng.js';

/** A place people live around: a shelter (school, community centre), with the town it is in. */
export interface Anchor {
  lon: number;
  lat: number;
  town: string;
}

export interface MunicipalityArea {
  code: string;
  name: string;
  population: number;
  coordinates: MultiPolygonCoordinates;
  bbox: BBox;
  anchors: Anchor[];
}

export interface Home {
  lon: number;
  lat: number;
  town: string;
}

/** Most people live within walking distance of their local school or community centre. */
const NEAR_ANCHOR_SHARE = 0.85;
const NEAR_ANCHOR_SIGMA_M = 700;
const METRES_PER_DEGREE_LAT = 111_320;
const MAX_UNIFORM_TRIES = 100_000;

export function municipalityArea(
  base: { code: string; name: string; population: number; coordinates: MultiPolygonCoordinates },
  anchors: Anchor[],
): MunicipalityArea {
  return { ...base, bbox: bboxOf(base.coordinates), anchors };
}

function nearestTown(area: MunicipalityArea, lon: number, lat: number): string {
  let best = '';
  let bestDistance = Infinity;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  for (const anchor of area.anchors) {
    const dx = (anchor.lon - lon) * cosLat;
    const dy = anchor.lat - lat;
    const d = dx * dx + dy * dy;
    if (d < bestDistance) {
      bestDistance = d;
      best = anchor.town;
    }
  }
  return best;
}

function inside(area: MunicipalityArea, lon: number, lat: number): boolean {
  return bboxContains(area.bbox, lon, lat) && multiPolygonContains(area.coordinates, lon, lat);
}

/**
 * A home point strictly inside the municipality's boundary: near a random anchor when there are
 * anchors, otherwise (and for a share of homes) uniform over the area by rejection sampling.
 */
export function sampleHome(rng: Random, area: MunicipalityArea): Home {
  if (area.anchors.length > 0 && rng.chance(NEAR_ANCHOR_SHARE)) {
    const anchor = rng.pick(area.anchors);
    const sigmaLat = NEAR_ANCHOR_SIGMA_M / METRES_PER_DEGREE_LAT;
    const sigmaLon = sigmaLat / Math.cos((anchor.lat * Math.PI) / 180);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const lon = anchor.lon + rng.normal() * sigmaLon;
      const lat = anchor.lat + rng.normal() * sigmaLat;
      if (inside(area, lon, lat)) return { lon, lat, town: nearestTown(area, lon, lat) };
    }
  }
  const { minLon, minLat, maxLon, maxLat } = area.bbox;
  for (let attempt = 0; attempt < MAX_UNIFORM_TRIES; attempt += 1) {
    const lon = minLon + rng.next() * (maxLon - minLon);
    const lat = minLat + rng.next() * (maxLat - minLat);
    if (inside(area, lon, lat)) return { lon, lat, town: nearestTown(area, lon, lat) };
  }
  throw new Error(`could not place a home inside municipality ${area.code}`);
}

/**
 * The town part of a registry address: "石川県七尾市庵町ウ23-2" → "庵町". Drops the prefecture,
 * the municipality (and its 郡), the lot number and a trailing lot letter (ウ, 甲, ヲ部 …).
 */
export function townFromAddress(address: string, municipalityName: string): string {
  let rest = address.normalize('NFKC').replace(/\s+/g, '');
  rest = rest.replace(/^石川県/, '').replace(/^[^郡]{1,4}郡/, '');
  if (rest.startsWith(municipalityName)) rest = rest.slice(municipalityName.length);
  const town = /^[^\d-]+/.exec(rest)?.[0] ?? '';
  // A lot letter (イ, ろ, 甲 …, sometimes with 部) follows a kanji; kana town names ("みどり") do not.
  return town
    .replace(/(\p{Script=Han})[ぁ-んァ-ヶ甲乙丙丁戊己庚辛壬癸]部?$/u, '$1')
    .replace(/(地内|番地)$/, '');
}

/** "石川県七尾市庵町12-3": the town of the nearest anchor and a plausible lot number. */
export function formatAddress(rng: Random, municipalityName: string, town: string): string {
  const lot = town === '' ? `${rng.int(1, 999)}番地` : `${rng.int(1, 120)}-${rng.int(1, 30)}`;
  return `石川県${municipalityName}${town}${lot}`;
}
