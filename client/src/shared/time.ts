/** A time as the resident reads it: Japan time, in the UI language's format. */
export function formatTime(iso: string, language: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(language, { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' });
}
