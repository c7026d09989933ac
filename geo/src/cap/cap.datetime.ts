import { CAP_DATETIME } from './cap.types.js';

const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/**
 * A Date as a CAP dateTime in the given offset (minutes east of UTC; Japan is +540), e.g.
 * `2024-01-01T16:10:00+09:00`. `Date.toISOString()` is not valid CAP (it ends in `Z`).
 */
export function formatCapDateTime(date: Date, offsetMinutes = 540): string {
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`
  );
}

/** The instant a CAP dateTime stands for, or undefined when it is not one (or not a real date). */
export function parseCapDateTime(text: string): Date | undefined {
  if (!CAP_DATETIME.test(text)) return undefined;
  const [date = '', time = ''] = text.split('T');
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.slice(0, 8).split(':').map(Number) as [number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return undefined;
  // Date accepts 2024-02-31 and rolls over; CAP does not.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return parsed;
}
