/**
 * PostgreSQL text cannot hold U+0000: a string carrying it fails in the database (22021 / 22P05),
 * after the request was accepted, as a 500. No field of this API accepts it, so requests and socket
 * payloads are refused up front instead, naming where it was.
 *
 * Returns the path of the first string (or object key) that contains it, or undefined. Walks with
 * its own stack: a hostile body may nest arrays thousands deep, which recursion would not survive.
 */
export function pathOfNulCharacter(value: unknown, path: string): string | undefined {
  const pending: [unknown, string][] = [[value, path]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, where] = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return where;
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1)
        pending.push([item[index], `${where}.${index}`]);
    } else if (item && typeof item === 'object') {
      const entries = Object.entries(item as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index]!;
        if (key.includes('\u0000')) return where;
        pending.push([child, `${where}.${key}`]);
      }
    }
  }
  return undefined;
}

export const NUL_CHARACTER_MESSAGE = 'contains a NUL character (U+0000), which no field accepts';
