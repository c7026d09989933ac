import { romajiReadings } from './romaji.js';

/** Hiragana → katakana (same order in Unicode, 0x60 apart). */
export function hiraganaToKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Spaces and the separators people put between family and given name. */
const SEPARATORS = /[\s・･.,、，。]+/gu;

/** NFKC folds full-width Latin to ASCII and half-width katakana to full-width. */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').replace(SEPARATORS, '');
}

/** A kana reading as stored: katakana, no spaces. Undefined when the text is not kana. */
export function toStoredKana(text: string): string | undefined {
  const kana = hiraganaToKatakana(normalizeName(text));
  return /^[\u30a1-\u30faー]+$/u.test(kana) ? kana : undefined;
}

export interface NameQuery {
  /** Compared with family_name || given_name (the name as written: kanji, kana or Latin). */
  written: string;
  /** Compared with the kana reading; several when romaji is ambiguous. Empty when there is no reading. */
  readings: string[];
}

/**
 * What a staff member typed, in any script, as the forms the database compares: "やまだ たろう",
 * "ﾔﾏﾀﾞ ﾀﾛｳ", "Yamada Taro" and "山田太郎" all become comparable with the stored name or reading.
 */
export function parseNameQuery(input: string): NameQuery {
  const written = normalizeName(input).toLowerCase();
  const kana = hiraganaToKatakana(written);
  const readings = /[a-z]/.test(kana) ? romajiReadings(kana) : [kana];
  // A reading that still holds kanji or digits cannot match a kana column: leave it out.
  return {
    written,
    readings: readings.map((r) => r.replace(/[^\u30a1-\u30faー]/gu, '')).filter((r) => r.length > 0),
  };
}
