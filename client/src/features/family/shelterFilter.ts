import type { Shelter } from '../../shared/shelters/shelterStore';

export const SHELTERS_SHOWN = 8;

/** Width, case and kana-variant blind: 'ﾅﾅｵ' and 'ナナオ', 'Ｎａｎａｏ' and 'nanao' match. */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

/**
 * Shelters a person can report being at (closed ones are refused), matching every word typed;
 * open ones before full ones, then by name. Only the first few are shown: the list is long.
 */
export function matchShelters(
  shelters: readonly Shelter[],
  query: string,
  limit = SHELTERS_SHOWN,
): { shown: Shelter[]; more: number } {
  const words = query.trim().split(/\s+/).map(normaliseForSearch).filter(Boolean);
  const found = shelters
    .filter((shelter) => shelter.status !== 'closed')
    .filter((shelter) => {
      const name = normaliseForSearch(shelter.name);
      return words.every((word) => name.includes(word));
    })
    .sort(
      (a, b) =>
        Number(a.status === 'full') - Number(b.status === 'full') || a.name.localeCompare(b.name, 'ja'),
    );
  return { shown: found.slice(0, limit), more: Math.max(0, found.length - limit) };
}
