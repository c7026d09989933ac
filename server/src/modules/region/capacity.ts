export interface Capacity {
  indoor: number | null;
  outdoor: number | null;
}

export type CapacityParse = { ok: true; capacity: Capacity } | { ok: false; reason: string };

const MAX_PLAUSIBLE_CAPACITY = 1_000_000;

function readCount(text: string, label: string): number | null {
  const match = new RegExp(`${label}[:：]?\\s*(\\d[\\d,]*)\\s*人`).exec(text);
  if (!match?.[1]) return null;
  return Number(match[1].replace(/,/g, ''));
}

/**
 * Free-text capacity from the Nanao list: `屋内1,700人／屋外2,250人(面積の1/2)`, the same with
 * full-width brackets, without the slash (`屋内2,736人屋外11,700人（面積の1/2）`), without the
 * thousands comma (`屋外1570人`) or with a note such as `(座席数)`. Notes in brackets are ignored;
 * a bare `500人` is taken as indoor capacity.
 */
export function parseCapacityText(raw: string): CapacityParse {
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return { ok: false, reason: 'capacity text is empty' };
  const withoutNotes = text.replace(/\([^)]*\)/g, '');
  let indoor = readCount(withoutNotes, '屋内');
  const outdoor = readCount(withoutNotes, '屋外');
  if (indoor === null && outdoor === null) {
    const bare = /^(?:収容人数|定員)?(\d[\d,]*)人$/.exec(withoutNotes);
    if (!bare?.[1]) return { ok: false, reason: `capacity text not understood: "${raw}"` };
    indoor = Number(bare[1].replace(/,/g, ''));
  }
  for (const value of [indoor, outdoor]) {
    if (value !== null && (!Number.isSafeInteger(value) || value > MAX_PLAUSIBLE_CAPACITY)) {
      return { ok: false, reason: `implausible capacity in "${raw}"` };
    }
  }
  return { ok: true, capacity: { indoor, outdoor } };
}
