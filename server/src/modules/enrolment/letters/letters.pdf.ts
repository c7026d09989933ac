import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { loadFonts } from '../../relief/certificate.pdf.js';
import { enrolmentUrl } from '../enrolment-qr.js';
import type { LetterRecord } from './letter.types.js';
import { forgetWordLayouts, forgetWrittenPages } from './pdfkit-memory.js';

/** Millimetres to PDF points (1/72 inch). */
const mm = (value: number) => (value * 72) / 25.4;

/**
 * The address block sits where the window of a JIS 長形3号 window envelope (120 × 235 mm) shows it
 * when the A4 sheet is folded in three (Z fold, top panel 99 mm facing the window). The common
 * 長3 window is 90 × 45 mm, 23 mm from the envelope's left edge and 13 mm from its top; the sheet
 * lies about 2 mm in from each edge, so on the sheet the window covers x 21–111 mm, y 11–56 mm.
 * The block is kept 3 mm inside that on every side in case the sheet slides:
 * x 24–108 mm, y 14–53 mm (84 × 39 mm).
 */
export const ADDRESS_BLOCK = { x: mm(24), y: mm(14), width: mm(84), height: mm(39) } as const;

const PAGE_MARGIN = mm(20);
const FOLD_LINE = mm(99);
/** One recipient's code, QR code and name take this much of the page. */
const RECIPIENT_BLOCK = mm(38);
const QR_SIZE = mm(30);
/** How many letters pdfkit may keep word layouts and page objects of before they are dropped. */
const FORGET_EVERY_LETTERS = 200;
/** Below the fold, after the instructions and above the notes, there is room for three codes. */
const FIRST_PAGE_RECIPIENTS = 3;
/** A household with more adults continues on pages of six. */
const NEXT_PAGE_RECIPIENTS = 6;

const INSTRUCTIONS = [
  '1. スマートフォンで右のQRコードを読み取ってください（または下のアドレスを開き、登録コードを入力してください）。',
  '2. ご本人の生年月日を入力すると、お名前が表示されます。',
  '3. パスキー（スマートフォンの顔認証・指紋認証など）またはパスワードを設定すると、登録は完了です。',
];

const NOTES = [
  '登録コードはお一人にひとつです。ご本人のコードを、ご本人の生年月日とともにお使いください。',
  '一度使ったコードは使えません。このお知らせは他の人に見せないでください。',
  'スマートフォンをお持ちでない方、分からないことがある方は、避難所または市町の窓口でお手伝いします。',
];

export const LETTER_TITLE = '住民ポータル 登録のご案内';

const jaDate = (isoDate: string) => {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
};

/**
 * Renders letters one page (or more, for a household with many adults) at a time into one
 * pdfkit document. pdfkit writes each finished page to its stream, so a batch of any size holds
 * one page in memory; the fonts are embedded once, with only the glyphs used.
 */
export class LetterPdf {
  readonly doc: PDFKit.PDFDocument;
  private pages = 0;
  private letters = 0;
  /** Page-tree entries already replaced by bare references. */
  private pagesForgotten = 0;

  private constructor(
    private readonly portalBase: string,
    fonts: { regular: Buffer; bold: Buffer },
    createdAt: Date,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: PAGE_MARGIN,
      autoFirstPage: false,
      info: { Title: LETTER_TITLE, CreationDate: createdAt, ModDate: createdAt },
    });
    this.doc.registerFont('jp', fonts.regular);
    this.doc.registerFont('jp-bold', fonts.bold);
  }

  static async create(portalBase: string, createdAt = new Date()): Promise<LetterPdf> {
    return new LetterPdf(portalBase, await loadFonts(), createdAt);
  }

  get pageCount(): number {
    return this.pages;
  }
  /** What pdfkit keeps of the letters already written (see pdfkit-memory.ts). */
  private forgetWhatIsWritten(): void {
    forgetWordLayouts(this.doc);
    this.pagesForgotten = forgetWrittenPages(this.doc, this.pagesForgotten);
  }

  addLetter(letter: LetterRecord): void {
    this.letters += 1;
    if (this.letters % FORGET_EVERY_LETTERS === 0) this.forgetWhatIsWritten();
    this.firstPage(letter, letter.recipients.slice(0, FIRST_PAGE_RECIPIENTS));
    for (let start = FIRST_PAGE_RECIPIENTS; start < letter.recipients.length; start += NEXT_PAGE_RECIPIENTS) {
      this.continuationPage(letter, letter.recipients.slice(start, start + NEXT_PAGE_RECIPIENTS));
    }
  }

  private newPage(): PDFKit.PDFDocument {
    this.pages += 1;
    return this.doc.addPage();
  }

  private firstPage(letter: LetterRecord, recipients: LetterRecord['recipients']): void {
    const doc = this.newPage();
    const width = doc.page.width - 2 * PAGE_MARGIN;
    // Address block (window envelope): postal code, address, addressee.
    const block = ADDRESS_BLOCK;
    doc.font('jp').fontSize(10);
    doc.text(letter.address, block.x, block.y, { width: block.width, height: mm(20), ellipsis: true });
    const name = letter.perHousehold ? `${letter.addressee} 様方` : `${letter.addressee} 様`;
    doc
      .font('jp-bold')
      .fontSize(13)
      .text(name, block.x, block.y + mm(24), { width: block.width });
    doc
      .font('jp')
      .fontSize(7)
      .text(`No. ${letter.seq}  ${letter.reference.slice(0, 8)}`, block.x, block.y + block.height - mm(4), {
        width: block.width,
      });
    // Right of the window: sender and the day the codes end.
    doc
      .font('jp')
      .fontSize(9)
      .text(`${letter.municipalityName ?? ''} 災害対策本部`, mm(125), block.y, {
        width: mm(65),
        align: 'right',
      })
      .text(`有効期限 ${jaDate(letter.expiresOn)}`, { width: mm(65), align: 'right' });

    doc
      .font('jp-bold')
      .fontSize(16)
      .text(LETTER_TITLE, PAGE_MARGIN, FOLD_LINE + mm(4), { width });
    doc.moveDown(0.3).font('jp').fontSize(9.5);
    for (const line of INSTRUCTIONS) doc.text(line, { width });
    doc.text(`アドレス: ${this.portalBase}/#/enrol`, { width });
    doc.moveDown(0.5);
    this.recipientBlocks(recipients, doc.y, width);
    this.notes(width);
  }

  private continuationPage(letter: LetterRecord, recipients: LetterRecord['recipients']): void {
    const doc = this.newPage();
    const width = doc.page.width - 2 * PAGE_MARGIN;
    doc
      .font('jp')
      .fontSize(10)
      .text(`${letter.addressee} 様方（つづき）  No. ${letter.seq}`, PAGE_MARGIN, PAGE_MARGIN, { width });
    this.recipientBlocks(recipients, PAGE_MARGIN + mm(10), width);
  }

  private recipientBlocks(recipients: LetterRecord['recipients'], top: number, width: number): void {
    const doc = this.doc;
    recipients.forEach((recipient, index) => {
      const y = top + index * RECIPIENT_BLOCK;
      doc
        .lineWidth(0.5)
        .roundedRect(PAGE_MARGIN, y, width, RECIPIENT_BLOCK - mm(3), 4)
        .stroke();
      doc
        .font('jp')
        .fontSize(10)
        .text(
          `${recipient.name} 様の登録コード${recipient.recovery ? '（アカウント再設定用）' : ''}`,
          PAGE_MARGIN + mm(4),
          y + mm(4),
          {
            width: width - QR_SIZE - mm(12),
          },
        );
      doc
        .font('jp-bold')
        .fontSize(20)
        .text(recipient.code.replaceAll('-', ' - '), PAGE_MARGIN + mm(4), y + mm(13), {
          width: width - QR_SIZE - mm(12),
          characterSpacing: 1.5,
        });
      this.qr(
        enrolmentUrl(this.portalBase, recipient.code),
        PAGE_MARGIN + width - QR_SIZE - mm(3),
        y + mm(2),
      );
    });
    doc.y = top + recipients.length * RECIPIENT_BLOCK;
  }

  private notes(width: number): void {
    const doc = this.doc;
    doc.font('jp').fontSize(8.5);
    doc.x = PAGE_MARGIN;
    for (const line of NOTES) doc.text(`・${line}`, PAGE_MARGIN, doc.y, { width });
  }

  /** The QR code as filled squares in one path: sharp at any print size, no image to embed. */
  private qr(url: string, x: number, y: number): void {
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const cell = QR_SIZE / modules.size;
    for (let row = 0; row < modules.size; row += 1) {
      for (let col = 0; col < modules.size; col += 1) {
        if (modules.get(row, col)) this.doc.rect(x + col * cell, y + row * cell, cell, cell);
      }
    }
    this.doc.fillColor('black').fill();
  }
}
