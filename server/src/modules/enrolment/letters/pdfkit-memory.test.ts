import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { generateEnrolmentCode } from '../enrolment-code.js';
import type { LetterRecord } from './letter.types.js';
import { LetterPdf } from './letters.pdf.js';

const LETTERS = 450;

const letter = (seq: number): LetterRecord => ({
  seq,
  reference: `ref-${seq}`,
  municipalityCode: '17202',
  municipalityName: '七尾市',
  address: `石川県七尾市本町${seq}丁目`,
  addressee: `能登 太郎${seq}`,
  perHousehold: false,
  recipients: [{ name: `能登 太郎${seq}`, code: generateEnrolmentCode(), recovery: false }],
  expiresOn: '2027-01-06',
});

describe('a long letters PDF in bounded memory', () => {
  it('keeps only bare references to written pages, and the PDF still lists and shows every page', async () => {
    const pdf = await LetterPdf.create('https://hinan.example.jp');
    const out = new PassThrough();
    pdf.doc.pipe(out);
    const bytes = buffer(out);
    for (let seq = 1; seq <= LETTERS; seq += 1) pdf.addLetter(letter(seq));

    // The clean-ups run before letters 200 and 400: at the second, 399 pages exist and all but
    // the one being set (the 399th) are written, so 398 are bare references, the rest whole.
    const kids = (pdf.doc as unknown as { _root: { data: { Pages: { data: { Kids: object[] } } } } })._root
      .data.Pages.data.Kids;
    expect(kids).toHaveLength(LETTERS);
    expect(kids.filter((kid) => !Object.hasOwn(kid, 'data'))).toHaveLength(398);

    pdf.doc.end();
    const document = await getDocumentProxy(new Uint8Array(await bytes));
    expect(document.numPages).toBe(LETTERS);
    const { text } = await extractText(document);
    for (const seq of [1, 200, 399, LETTERS]) expect(text[seq - 1]).toContain(`能登 太郎${seq}`);
  });
});
