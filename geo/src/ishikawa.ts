import type { BBox } from './geometry.js';

/** JIS X 0402 prefecture code of Ishikawa: every municipality code there starts with it. */
export const ISHIKAWA_PREFECTURE_CODE = '17';
export const ISHIKAWA_PREFECTURE_NAME = '石川県';

/**
 * A generous box around Ishikawa (mainland 136.2–137.4 E, 36.0–37.6 N, Hegura-jima at 37.85 N):
 * wide enough never to reject a real site, tight enough to catch swapped lat/lon or zeros.
 */
export const ISHIKAWA_BBOX: BBox = { minLon: 135.9, minLat: 35.9, maxLon: 137.8, maxLat: 38.0 };
