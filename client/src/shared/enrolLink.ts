/** The enrolment page's address: `#/enrol`, optionally with the code from a QR code or link. */
export const ENROL_HASH = '#/enrol';

export function isEnrolHash(hash: string): boolean {
  return /^#\/enrol(?:$|[/?])/.test(hash);
}

/** The code carried by `#/enrol?code=…`, if any. */
export function codeFromHash(hash: string): string {
  if (!isEnrolHash(hash)) return '';
  const query = hash.split('?')[1] ?? '';
  return (new URLSearchParams(query).get('code') ?? '').slice(0, 64);
}
