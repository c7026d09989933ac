/** One printed letter as the journal keeps it and the PDF and CSV show it. */
export interface LetterRecord {
  seq: number;
  /** Household id, or the person's id for a person letter. */
  reference: string;
  municipalityCode: string | null;
  municipalityName: string | null;
  address: string;
  /** Whom the envelope is addressed to: the first recipient (a household letter says 様方). */
  addressee: string;
  perHousehold: boolean;
  /** The adults the letter carries a code for, each with their own code. */
  recipients: { name: string; code: string; recovery: boolean }[];
  /** YYYY-MM-DD in Japan: the day the codes stop working. */
  expiresOn: string;
}
