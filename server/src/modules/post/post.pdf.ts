import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { ADDRESS_BLOCK } from '../enrolment/letters/letters.pdf.js';
import { loadFonts } from '../relief/certificate.pdf.js';
import type { LetterContent, LetterText } from './post-content.js';
import type { PostLetter } from './post-letter.js';
import { forgetWordLayouts, forgetWrittenPages } from '../enrolment/letters/pdfkit-memory.js';

/** Millimetres to PDF points (1/72 inch). */
const mm = (value: number) => (value * 72) / 25.4;

const PAGE_MARGIN = mm(20);
/** The Z fold's first line: what is above it shows through the 長形3号 window (see ADDRESS_BLOCK). */
const FOLD_LINE = mm(99);
const QR_SIZE = mm(28);
/** How many letters pdfkit may keep word layouts and page objects of before they are dropped. */
const FORGET_EVERY_LETTERS = 200;

export const POST_LETTER_TITLES = { alert: '警報・避難情報のお知らせ', notice: 'お知らせ' } as const;

const PORTAL_NOTES = [
  '最新の情報は、右のQRコードまたは上のアドレスから住民ポータルで確認できます。',
  'アカウントをお持ちでない方は、避難所または市町の窓口で登録できます。',
  '分からないことがある方は、避難所または市町の窓口にお問い合わせください。',
];

/** 2025年1月2日 14:05 in Japan. */
export function jaDateTime(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

/**
 * Renders a batch's letters one after the other into one pdfkit document: an A4 sheet per letter
 * (more when the warning's text is long), the household's address block where the window of a
 * 長形3号 envelope shows it (the enrolment letters' block), the warning or notice below the fold,
 * and the portal's address with its QR code. pdfkit writes each finished page to its stream, so a
 * batch of any size holds one page in memory; the fonts are embedded once, glyphs used only.
 */
export class PostLetterPdf {
  readonly doc: PDFKit.PDFDocument;
  private pages = 0;
  private letters = 0;
  /** Page-tree entries already replaced by bare references. */
  private pagesForgotten = 0;
  private readonly qrModules: { size: number; get(row: number, col: number): number | boolean };

  private constructor(
    private readonly content: LetterContent,
    fonts: { regular: Buffer; bold: Buffer },
    createdAt: Date,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: PAGE_MARGIN,
      autoFirstPage: false,
      info: { Title: POST_LETTER_TITLES[content.kind], CreationDate: createdAt, ModDate: createdAt },
    });
    this.doc.registerFont('jp', fonts.regular);
    this.doc.registerFont('jp-bold', fonts.bold);
    this.doc.on('pageAdded', () => {
      this.pages += 1;
    });
    // Every letter carries the same address: the code is made once.
    this.qrModules = QRCode.create(content.portalUrl, { errorCorrectionLevel: 'M' }).modules;
  }

  static async create(content: LetterContent, createdAt: Date): Promise<PostLetterPdf> {
    return new PostLetterPdf(content, await loadFonts(), createdAt);
  }

  get pageCount(): number {
    return this.pages;
  }
  /** What pdfkit keeps of the letters already written (see pdfkit-memory.ts). */
  private forgetWhatIsWritten(): void {
    forgetWordLayouts(this.doc);
    this.pagesForgotten = forgetWrittenPages(this.doc, this.pagesForgotten);
  }

  addLetter(letter: PostLetter): void {
    this.letters += 1;
    if (this.letters % FORGET_EVERY_LETTERS === 0) this.forgetWhatIsWritten();
    const doc = this.doc.addPage();
    const width = doc.page.width - 2 * PAGE_MARGIN;
    this.addressBlock(letter);
    const { content } = this;
    doc
      .font('jp')
      .fontSize(9)
      .text(`${letter.municipalityName ?? ''} 災害対策本部`, mm(125), ADDRESS_BLOCK.y, {
        width: mm(65),
        align: 'right',
      })
      .text(`発表 ${jaDateTime(content.issuedAt)}`, { width: mm(65), align: 'right' });

    doc
      .font('jp-bold')
      .fontSize(15)
      .text(POST_LETTER_TITLES[content.kind], PAGE_MARGIN, FOLD_LINE + mm(4), { width });
    doc
      .moveDown(0.3)
      .font('jp')
      .fontSize(10)
      .text(`このお知らせは、次の方あてです: ${letter.names.map((name) => `${name} 様`).join('、')}`, {
        width,
      });
    doc.moveDown(0.6);
    this.section(content.ja, { heading: null, issued: `発表日時: ${jaDateTime(content.issuedAt)}` }, width);
    if (content.en) {
      doc.moveDown(0.8);
      this.section(content.en, { heading: 'English', issued: null }, width);
    }
    this.portal(width);
  }

  private addressBlock(letter: PostLetter): void {
    const doc = this.doc;
    const block = ADDRESS_BLOCK;
    doc.font('jp').fontSize(10);
    const postal = letter.postalCode ? `〒${letter.postalCode}\n` : '';
    doc.text(`${postal}${letter.address}`, block.x, block.y, {
      width: block.width,
      height: mm(20),
      ellipsis: true,
    });
    const name = letter.household ? `${letter.addressee} 様方` : `${letter.addressee} 様`;
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
  }

  private section(
    text: LetterText,
    labels: { heading: string | null; issued: string | null },
    width: number,
  ) {
    const doc = this.doc;
    const english = labels.heading !== null;
    if (labels.heading) doc.font('jp-bold').fontSize(10).text(labels.heading, PAGE_MARGIN, doc.y, { width });
    doc
      .font('jp-bold')
      .fontSize(english ? 12 : 14)
      .text(text.headline, PAGE_MARGIN, doc.y, { width });
    doc.font('jp').fontSize(9.5);
    if (labels.issued) doc.text(labels.issued, { width });
    if (text.event && text.event !== text.headline)
      doc.text(`${english ? 'Event' : '種別'}: ${text.event}`, { width });
    if (text.areas.length > 0) {
      doc.text(`${english ? 'Areas' : '対象地域'}: ${text.areas.join(english ? ', ' : '、')}`, { width });
    }
    if (text.description) {
      doc
        .moveDown(0.4)
        .font('jp-bold')
        .text(english ? 'Details' : '内容', { width });
      doc.font('jp').text(text.description, { width });
    }
    if (text.instruction) {
      doc
        .moveDown(0.4)
        .font('jp-bold')
        .text(english ? 'What to do' : 'とるべき行動', { width });
      doc.font('jp').text(text.instruction, { width });
    }
  }

  /** The portal's address and its QR code, on a new page when the text left no room. */
  private portal(width: number): void {
    const doc = this.doc;
    doc.moveDown(1);
    if (doc.y + QR_SIZE > doc.page.height - PAGE_MARGIN) doc.addPage();
    const top = doc.y;
    const textWidth = width - QR_SIZE - mm(6);
    doc.font('jp-bold').fontSize(10).text('住民ポータル', PAGE_MARGIN, top, { width: textWidth });
    doc.font('jp').fontSize(9.5).text(`アドレス: ${this.content.portalUrl}`, { width: textWidth });
    doc.fontSize(8.5);
    for (const line of PORTAL_NOTES) doc.text(`・${line}`, { width: textWidth });
    this.qr(PAGE_MARGIN + width - QR_SIZE, top);
    doc.y = Math.max(doc.y, top + QR_SIZE);
  }

  /** The QR code as filled squares in one path: sharp at any print size, no image to embed. */
  private qr(x: number, y: number): void {
    const modules = this.qrModules;
    const cell = QR_SIZE / modules.size;
    for (let row = 0; row < modules.size; row += 1) {
      for (let col = 0; col < modules.size; col += 1) {
        if (modules.get(row, col)) this.doc.rect(x + col * cell, y + row * cell, cell, cell);
      }
    }
    this.doc.fillColor('black').fill();
  }
}
