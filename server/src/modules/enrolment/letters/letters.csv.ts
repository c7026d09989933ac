import type { LetterRecord } from './letter.types.js';

/**
 * The mail vendor's file: one row per letter, in the PDF's order. The vendor prints the codes, so
 * the file carries them in clear and is as sensitive as the PDF (see docs/enrolment.md).
 * UTF-8 with a byte order mark, so that spreadsheet programs read the Japanese text.
 */
export const CSV_BOM = '\uFEFF';

export const CSV_HEADER = [
  'letter_no',
  'reference',
  'letter_kind',
  'municipality_code',
  'municipality',
  'postal_code',
  'address',
  'addressee',
  'recipient_count',
  'recipient_names',
  'codes',
  'expires_on',
];

/** 〒 and seven digits at the start of a registry address, when the address has them. */
export function postalCodeOf(address: string): string {
  const match = /^〒?\s*(\d{3})-?(\d{4})/.exec(address.normalize('NFKC'));
  return match ? `${match[1]}-${match[2]}` : '';
}

/**
 * Quoted always; a value that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe, so a name in the registry can never become a formula on the vendor's PC.
 */
function field(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(values: (string | number)[]): string {
  return `${values.map(field).join(',')}\r\n`;
}

export function letterCsvLine(letter: LetterRecord): string {
  return csvLine([
    letter.seq,
    letter.reference,
    letter.perHousehold ? 'household' : 'person',
    letter.municipalityCode ?? '',
    letter.municipalityName ?? '',
    postalCodeOf(letter.address),
    letter.address,
    letter.addressee,
    letter.recipients.length,
    letter.recipients.map((r) => r.name).join(' / '),
    letter.recipients.map((r) => r.code).join(' / '),
    letter.expiresOn,
  ]);
}
