/**
 * Links into the portal that go out on channels (push, e-mail, SMS): the app routes by hash, and
 * a warning's link opens the resident's inbox at that warning once they are signed in. The same
 * link for everyone a warning reached: it names the warning, never the person.
 */
const WARNING_HASH =
  /^#\/resident\/warning\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** `https://bousai.example.jp/#/resident/warning/<alertId>` */
export function warningLink(publicBaseUrl: string, alertId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/#/resident/warning/${alertId}`;
}

/** The warning a location hash links to, or null. */
export function warningOfHash(hash: string): string | null {
  return WARNING_HASH.exec(hash)?.[1]?.toLowerCase() ?? null;
}
