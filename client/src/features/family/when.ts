const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "5 分前" for the last day, the date and time beyond; the exact time goes in a tooltip. */
export function formatWhen(iso: string, now: number, language: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  // The clock used for `now` ticks every half minute and devices drift: a moment ahead is "now".
  const ago = Math.max(0, now - at);
  if (now - at > -5 * MINUTE && ago < 24 * HOUR) {
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    if (ago < MINUTE) return relative.format(0, 'second');
    if (ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), 'minute');
    return relative.format(-Math.floor(ago / HOUR), 'hour');
  }
  return formatDateTime(iso, language);
}

export function formatDateTime(iso: string, language: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(language, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    // 24-hour clock: a time read at 3 a.m. must not hinge on a small AM/PM suffix.
    hourCycle: 'h23',
  }).format(at);
}
