const HIRAGANA = /[\u3041-\u3096]/g;

/**
 * The form names are compared in when someone is named as a designee: NFKC (full/half width,
 * ideographic space), no spaces at all, hiragana as katakana, Latin letters in lower case. So
 * "山田 花子" written with an ideographic space, "山田花子" and "やまだ はなこ" / "ﾔﾏﾀﾞ ﾊﾅｺ" all meet the registered entry.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .toLowerCase();
}

export interface RegisteredName {
  family_name: string;
  given_name: string;
  family_name_kana: string | null;
  given_name_kana: string | null;
}

/** True when the typed full name is the registered name, written in kanji or in kana. */
export function nameMatches(
  typed: { familyName: string; givenName: string },
  registered: RegisteredName,
): boolean {
  const wanted = normalizeName(typed.familyName + typed.givenName);
  if (wanted === normalizeName(registered.family_name + registered.given_name)) return true;
  const kana = (registered.family_name_kana ?? '') + (registered.given_name_kana ?? '');
  return kana.length > 0 && wanted === normalizeName(kana);
}
