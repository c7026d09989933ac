import { csvLine, postalCodeOf } from '../enrolment/letters/letters.csv.js';
import type { LetterRow } from './post-selection.queries.js';

export { CSV_BOM } from '../enrolment/letters/letters.csv.js';

/** One printed letter as the PDF and the CSV show it. */
export interface PostLetter {
  seq: number;
  /** Household id, or the person's id for someone without a household. */
  reference: string;
  household: boolean;
  municipalityCode: string | null;
  municipalityName: string | null;
  postalCode: string;
  address: string;
  /** Whom the envelope is addressed to (a household letter says 様方). */
  addressee: string;
  /** The people the letter is for, head first. */
  names: string[];
}

export function postLetterOf(row: LetterRow): PostLetter {
  const postalCode = postalCodeOf(row.address);
  return {
    seq: row.seq,
    reference: row.reference,
    household: row.household,
    municipalityCode: row.municipality_code,
    municipalityName: row.municipality_name,
    postalCode,
    // The postal code is printed on a line of its own: not twice.
    address: postalCode ? row.address.normalize('NFKC').replace(/^〒?\s*\d{3}-?\d{4}\s*/, '') : row.address,
    addressee: row.addressee,
    names: row.names,
  };
}

/**
 * The mail vendor's (or the hand-delivery team's) file: one row per letter, in the PDF's order.
 * It names people at their address, so it is as sensitive as the PDF. The quoting and formula
 * guard are the enrolment letters' (a name can never become a spreadsheet formula).
 */
export const POST_CSV_HEADER = [
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
  'source_kind',
  'source_id',
  'headline',
];

export const postCsvHeader = () => csvLine(POST_CSV_HEADER);

export function postCsvLine(
  letter: PostLetter,
  source: { kind: 'alert' | 'notice'; id: string; headline: string },
): string {
  return csvLine([
    letter.seq,
    letter.reference,
    letter.household ? 'household' : 'person',
    letter.municipalityCode ?? '',
    letter.municipalityName ?? '',
    letter.postalCode,
    letter.address,
    letter.addressee,
    letter.names.length,
    letter.names.join(' / '),
    source.kind,
    source.id,
    source.headline,
  ]);
}
