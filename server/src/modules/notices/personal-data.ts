/**
 * Finds personal data in the text of a notice. The portal guidance: a notice goes to many people,
 * so names, addresses, birth dates, contact details and amounts personal to someone belong only
 * behind an authenticated link. The patterns are deliberately a little eager; the false positives
 * they must not have (the disaster's name and date, programme-wide amounts) are in the tests.
 * Names of targeted residents are checked against the registry separately (notices.queries.ts).
 */

export type PersonalDataKind =
  'birth_date' | 'phone' | 'postal_code' | 'address' | 'my_number' | 'email' | 'personal_amount';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** Where in the normalised text (NFKC) it starts. */
  index: number;
}

/** Full dates before this year are birth dates far more often than event dates in a notice. */
const RECENT_YEAR = 2015;

const ERA_START: Record<string, number> = {
  明治: 1868,
  大正: 1912,
  昭和: 1926,
  平成: 1989,
  令和: 2019,
  M: 1868,
  T: 1912,
  S: 1926,
  H: 1989,
  R: 2019,
};

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

interface DatePattern {
  regex: RegExp;
  /** The Western year of a match, or undefined when it has none. */
  year: (m: RegExpExecArray) => number | undefined;
}

const DATES: DatePattern[] = [
  // 昭和50年1月2日, 昭和５０年１月２日 (NFKC), 平成元年1月8日, S50.1.2, H元.1.8
  {
    regex: /(明治|大正|昭和|平成|令和)\s*(\d{1,2}|元)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/gu,
    year: (m) => ERA_START[m[1]!]! + (m[2] === '元' ? 0 : Number(m[2]) - 1),
  },
  {
    regex: /(?<![A-Za-z])([MTSHR])\s?(\d{1,2}|元)[./-]\d{1,2}[./-]\d{1,2}(?!\d)/gu,
    year: (m) => ERA_START[m[1]!]! + (m[2] === '元' ? 0 : Number(m[2]) - 1),
  },
  // 1975年1月2日, 1975-01-02, 1975/1/2, 1975.1.2
  {
    regex:
      /(?<!\d)((?:18|19|20)\d{2})\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))/gu,
    year: (m) => Number(m[1]),
  },
  // 2/1/1975, 02-01-1975 (either day or month first)
  { regex: /(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.]((?:18|19|20)\d{2})(?!\d)/gu, year: (m) => Number(m[1]) },
  // January 2, 1975 · 2 January 1975 · Jan. 2nd 1975
  {
    regex: new RegExp(
      `\\b(?:(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+)((?:18|19|20)\\d{2})\\b`,
      'giu',
    ),
    year: (m) => Number(m[1]),
  },
];

/** A day and month (any year, or none) right after a birth word is a birth date whatever its year. */
const BIRTH_WORD_THEN_DATE = new RegExp(
  `(?:生年月日|誕生日|生まれ|date of birth|birth ?date|birthday|born(?: on)?|d\\.?o\\.?b\\.?)\\s*[:：は]?\\s*(?:\\S{0,12}?)(?:\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|\\d{1,4}[-/.]\\d{1,2}(?:[-/.]\\d{1,4})?|(?:${MONTHS})\\.?\\s+\\d{1,2}|\\d{1,2}\\s+(?:${MONTHS}))`,
  'giu',
);
const DATE_THEN_BIRTH_WORD = /\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:生まれ|生|誕生)/gu;

const PHONE = [
  // Mobile and IP phones: 090-1234-5678, 09012345678, 050-1234-5678
  /(?<!\d)0[5789]0[-\s(（)）]*\d{4}[-\s)）]*\d{4}(?!\d)/gu,
  // Fixed lines with separators: 0768-22-2111, 03-1234-5678, (0767)52-1111
  /(?<![\d-])[(（]?0\d{1,4}[)）]?[-\s]?\d{1,4}-\d{3,4}(?![\d-])/gu,
  // Fixed lines written solid: ten digits starting with 0
  /(?<!\d)0[1-9]\d{8}(?!\d)/gu,
  // International: +81 90 1234 5678
  /\+81[-\s]?\d{1,4}[-\s]?\d{1,4}[-\s]?\d{3,4}(?!\d)/gu,
];
/** Toll-free numbers (0120, 0800) belong to organisations, not to people. */
const TOLL_FREE = /^[(（]?0(?:120|800)/u;

const POSTAL_CODE = [/〒\s*\d{3}-?\d{4}/gu, /(?<![\d-])\d{3}-\d{4}(?![\d-])/gu];

const ADDRESS = [
  /[\d一二三四五六七八九十]+\s*丁目/gu,
  /\d+\s*番地/gu,
  /\d+\s*番\s*\d+\s*号/gu,
  /\d+\s*号室/gu,
  // 輪島市河井町1-2-3 style: a place name (kanji) immediately followed by n-n or n-n-n
  /[\p{Script=Han}\p{Script=Katakana}](?:\d+-){1,2}\d+(?![\d-])/gu,
];

const MY_NUMBER = [/(?<!\d)\d{12}(?!\d)/gu, /(?<!\d)\d{4}[-\s]\d{4}[-\s]\d{4}(?![\d-])/gu];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gu;

const AMOUNT = String.raw`(?:[¥￥]\s*\d[\d,]*|\d[\d,]*(?:\.\d+)?\s*(?:万|千|億)?\s*(?:円|yen\b))`;
const PERSONAL_AMOUNT = [
  new RegExp(
    String.raw`(?:あなた|貴方|貴殿|あなた様|ご本人|お宅|貴世帯|[^\s、。]{1,8}様)(?:の|が|へ|に|は|には|への|宛)[^。\n]{0,30}?${AMOUNT}`,
    'gu',
  ),
  new RegExp(String.raw`\b(?:you|your)\b[^.\n]{0,40}?${AMOUNT}`, 'giu'),
];
/** "皆様" and "各位" address everyone, not a person. */
const EVERYONE = /^(?:皆様|みなさま|各様|世帯主様)/u;

function findAll(
  regexes: RegExp[],
  text: string,
  kind: PersonalDataKind,
  keep = (_m: RegExpExecArray) => true,
) {
  const found: PersonalDataFinding[] = [];
  for (const regex of regexes) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (keep(m)) found.push({ kind, index: m.index });
    }
  }
  return found;
}

/** NFKC turns full-width digits, letters and ＠ into ASCII, so one pattern covers both. */
export function normaliseForScan(text: string): string {
  return text.normalize('NFKC').replace(/[‐‑‒–—―−ー](?=\d)/gu, '-');
}

export function findPersonalData(input: string): PersonalDataFinding[] {
  const text = normaliseForScan(input);
  const findings = [
    ...DATES.flatMap((p) =>
      findAll([p.regex], text, 'birth_date', (m) => {
        const year = p.year(m);
        return year !== undefined && year < RECENT_YEAR;
      }),
    ),
    ...findAll([BIRTH_WORD_THEN_DATE, DATE_THEN_BIRTH_WORD], text, 'birth_date'),
    ...findAll(PHONE, text, 'phone', (m) => !TOLL_FREE.test(m[0])),
    ...findAll(POSTAL_CODE, text, 'postal_code'),
    ...findAll(ADDRESS, text, 'address'),
    ...findAll(MY_NUMBER, text, 'my_number'),
    ...findAll([EMAIL], text, 'email'),
    ...findAll(PERSONAL_AMOUNT, text, 'personal_amount', (m) => !EVERYONE.test(m[0])),
  ];
  // One finding per kind and place is enough to explain the rejection.
  const seen = new Set<string>();
  return findings
    .sort((a, b) => a.index - b.index)
    .filter((f) => {
      const key = `${f.kind}:${f.index}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The text with every space removed, for finding a full name written with or without one. */
export function compactForNames(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
