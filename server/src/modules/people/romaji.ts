/**
 * Romaji → katakana for searching names. Accepts Hepburn, Kunrei/Nihon-shiki spellings (shi/si,
 * tsu/tu, chi/ti, fu/hu, ji/zi, sha/sya), passport long vowels (oh, ou, oo, ō, ô), `n'`, and
 * doubled consonants (ッ). Letters that form no syllable are dropped: this feeds a fuzzy search,
 * not a transliteration.
 */

const ROWS: Record<string, string> = {
  '': 'アイウエオ',
  k: 'カキクケコ',
  g: 'ガギグゲゴ',
  s: 'サシスセソ',
  z: 'ザジズゼゾ',
  t: 'タチツテト',
  d: 'ダヂヅデド',
  n: 'ナニヌネノ',
  h: 'ハヒフヘホ',
  b: 'バビブベボ',
  p: 'パピプペポ',
  m: 'マミムメモ',
  r: 'ラリルレロ',
  l: 'ラリルレロ',
};

/** Consonants whose ki/shi/chi-row + ya/yu/yo make a contracted sound (キャ, シュ, チョ …). */
const CONTRACTED: Record<string, string> = {
  ky: 'キ',
  gy: 'ギ',
  sy: 'シ',
  sh: 'シ',
  zy: 'ジ',
  jy: 'ジ',
  j: 'ジ',
  ty: 'チ',
  cy: 'チ',
  ch: 'チ',
  dy: 'ヂ',
  ny: 'ニ',
  hy: 'ヒ',
  by: 'ビ',
  py: 'ピ',
  my: 'ミ',
  ry: 'リ',
  ly: 'リ',
};
const SMALL_Y: Record<string, string> = { a: 'ャ', u: 'ュ', o: 'ョ', e: 'ェ' };

const SYLLABLES: Record<string, string> = {
  shi: 'シ',
  chi: 'チ',
  tsu: 'ツ',
  ji: 'ジ',
  fu: 'フ',
  ya: 'ヤ',
  yu: 'ユ',
  yo: 'ヨ',
  ye: 'イェ',
  wa: 'ワ',
  wi: 'ウィ',
  we: 'ウェ',
  wo: 'ヲ',
  fa: 'ファ',
  fi: 'フィ',
  fe: 'フェ',
  fo: 'フォ',
  va: 'ヴァ',
  vi: 'ヴィ',
  vu: 'ヴ',
  ve: 'ヴェ',
  vo: 'ヴォ',
  she: 'シェ',
  che: 'チェ',
  je: 'ジェ',
  tsa: 'ツァ',
  ca: 'カ',
  cu: 'ク',
  co: 'コ',
};

const VOWELS = 'aiueo';
for (const [consonant, kana] of Object.entries(ROWS)) {
  [...VOWELS].forEach((vowel, index) => (SYLLABLES[consonant + vowel] ??= kana[index]!));
}
for (const [consonant, base] of Object.entries(CONTRACTED)) {
  for (const [vowel, small] of Object.entries(SMALL_Y)) {
    if (vowel === 'e' && !['sh', 'ch', 'j'].includes(consonant)) continue;
    SYLLABLES[consonant + vowel] ??= base + small;
  }
}

/** Macron and circumflex vowels are long vowels. */
const LONG_VOWELS: Record<string, string> = {
  ā: 'aa',
  ī: 'ii',
  ū: 'uu',
  ē: 'ei',
  ō: 'ou',
  â: 'aa',
  î: 'ii',
  û: 'uu',
  ê: 'ei',
  ô: 'ou',
};

const expandLongVowels = (text: string) =>
  text.toLowerCase().replace(/[āīūēōâîûêô]/g, (c) => LONG_VOWELS[c]!);
const isVowel = (c: string | undefined) => c !== undefined && VOWELS.includes(c);
const isLetter = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';

/**
 * Converts the Latin letters of `text` to katakana; anything else passes through. `nBeforeVowel`
 * chooses, for each ambiguous "n + vowel" after a vowel (Shinichi = シンイチ or シニチ), whether
 * that n is ン; see `romajiReadings`.
 */
export function romajiToKatakana(text: string, nBeforeVowel: readonly boolean[] = []): string {
  const s = expandLongVowels(text);
  let out = '';
  let ambiguous = 0;
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    const next = s[i + 1];
    if (!isLetter(c)) {
      if (c === '-') out += 'ー';
      else if (c !== "'") out += c;
      i += 1;
      continue;
    }
    if (c === 'n') {
      if (next === "'") {
        out += 'ン';
        i += 2;
        continue;
      }
      if (!isVowel(next) && next !== 'y') {
        out += 'ン';
        i += 1;
        continue;
      }
      if (isVowel(s[i - 1]) && nBeforeVowel[ambiguous++]) {
        out += 'ン';
        i += 1;
        continue;
      }
    }
    if (c === 'm' && next !== undefined && 'bmp'.includes(next)) {
      out += 'ン';
      i += 1;
      continue;
    }
    if (!isVowel(c) && (next === c || (c === 't' && next === 'c'))) {
      out += 'ッ';
      i += 1;
      continue;
    }
    // Passport spelling of a long o: Ohno, Satoh.
    if (c === 'h' && s[i - 1] === 'o' && !isVowel(next) && next !== 'y') {
      out += 'ウ';
      i += 1;
      continue;
    }
    const match = [3, 2, 1].map((n) => s.slice(i, i + n)).find((piece) => SYLLABLES[piece] !== undefined);
    if (match) {
      out += SYLLABLES[match];
      i += match.length;
    } else {
      i += 1;
    }
  }
  return out;
}

/** How many "n + vowel" spots after a vowel the text has (each could be ン + vowel). */
function ambiguousNCount(text: string): number {
  return [...expandLongVowels(text).matchAll(/(?<=[aiueo])n(?=[aiueoy])/g)].length;
}

/**
 * The katakana readings a romaji spelling may stand for: one per choice at the first two
 * ambiguous n's (Shinichi → シニチ, シンイチ). At most four, the plain reading first.
 */
export function romajiReadings(text: string): string[] {
  const spots = Math.min(ambiguousNCount(text), 2);
  const readings = new Set<string>();
  for (let mask = 0; mask < 1 << spots; mask++) {
    readings.add(
      romajiToKatakana(
        text,
        Array.from({ length: spots }, (_, bit) => ((mask >> bit) & 1) === 1),
      ),
    );
  }
  return [...readings];
}
