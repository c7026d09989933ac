import { CENSUS_2020_POPULATION } from './census-2020.js';

/**
 * Municipality names that lists prepend to a site name ("金沢市立緑小学校" vs "緑小学校"). Kept as a
 * plain list so this file stays pure; checked against the census table keys by a test.
 */
const MUNICIPALITY_NAMES = [
  '金沢市',
  '七尾市',
  '小松市',
  '輪島市',
  '珠洲市',
  '加賀市',
  '羽咋市',
  'かほく市',
  '白山市',
  '能美市',
  '野々市市',
  '川北町',
  '津幡町',
  '内灘町',
  '志賀町',
  '宝達志水町',
  '中能登町',
  '穴水町',
  '能登町',
].sort((a, b) => b.length - a.length);

export const MUNICIPALITY_NAME_COUNT = MUNICIPALITY_NAMES.length;
export const CENSUS_MUNICIPALITY_COUNT = Object.keys(CENSUS_2020_POPULATION).length;

/**
 * A comparison key for a site name: the lists spell one site differently ("石川県立金沢西高等学校" /
 * "金沢西高校", "七尾中学校（３階）" / "七尾中学校"). Never stored; only used to decide "same site".
 */
export function siteNameKey(name: string): string {
  let key = name.normalize('NFKC').replace(/\s+/g, '');
  // Parenthesised qualifiers name a floor or part of the site, not a different site.
  key = key.replace(/\([^)]*\)/g, '');
  key = key.replace(/^旧/, '');
  key = key.replace(/^石川県/, '');
  const municipality = MUNICIPALITY_NAMES.find((m) => key.startsWith(m) && key.length > m.length);
  if (municipality) key = key.slice(municipality.length);
  key = key.replace(/^(市立|町立|県立|国立|私立|立)/, '');
  key = key.replace(/高等学校/g, '高校');
  return key;
}

/** Same key, or one key contains the other (a longer formal name of the same facility). */
export function sameSiteName(a: string, b: string): boolean {
  const ka = siteNameKey(a);
  const kb = siteNameKey(b);
  if (ka === kb) return ka.length > 0;
  // Very short keys ("公園") would match too much.
  if (ka.length < 3 || kb.length < 3) return false;
  return ka.includes(kb) || kb.includes(ka);
}
