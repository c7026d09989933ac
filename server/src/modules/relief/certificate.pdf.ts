import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { DamageLevel } from '@contract/relief/damage-levels.js';

/**
 * The 罹災証明書 (damage certificate) as a PDF. Japanese text needs a Japanese font embedded in the
 * file: Noto Sans JP (SIL Open Font License 1.1, from the @expo-google-fonts/noto-sans-jp package;
 * see docs/relief.md). pdfkit embeds only the glyphs used, so a certificate stays small.
 */
const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
const REGULAR = path.join(FONT_DIR, '400Regular', 'NotoSansJP_400Regular.ttf');
const BOLD = path.join(FONT_DIR, '700Bold', 'NotoSansJP_700Bold.ttf');

let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
/** The Noto Sans JP regular and bold files, read once (enrolment letters use them too). */
export const loadFonts = () =>
  (fonts ??= Promise.all([readFile(REGULAR), readFile(BOLD)]).then(([regular, bold]) => ({ regular, bold })));

export { DAMAGE_LEVELS, type DamageLevel } from '@contract/relief/damage-levels.js';

export const DAMAGE_LEVEL_JA: Record<DamageLevel, string> = {
  total: '全壊',
  large_half: '大規模半壊',
  medium_half: '中規模半壊',
  half: '半壊',
  quasi_half: '準半壊',
  partial: '一部損壊（準半壊に至らない）',
};

export interface CertificateData {
  number: string;
  issuedAt: Date;
  municipalityName: string;
  applicantName: string;
  address: string;
  householdNames: string[];
  disasterDate: string | null;
  damageLevel: DamageLevel;
}

const jaDate = (date: Date) =>
  new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'Asia/Tokyo',
  }).format(date);

export async function renderCertificate(data: CertificateData): Promise<Buffer> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 64,
    info: {
      Title: `罹災証明書 ${data.number}`,
      Author: data.municipalityName,
      CreationDate: data.issuedAt,
      ModDate: data.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', regular);
  doc.registerFont('jp-bold', bold);

  doc.font('jp').fontSize(10).text(`証明書番号 ${data.number}`, { align: 'right' });
  doc.moveDown(2);
  doc.font('jp-bold').fontSize(26).text('罹災証明書', { align: 'center' });
  doc.font('jp').fontSize(10).text('Certificate of disaster damage', { align: 'center' });
  doc.moveDown(2);

  const rows: [string, string][] = [
    ['世帯主（申請者）', data.applicantName],
    ['被災住家の所在地', data.address],
    ['世帯員', data.householdNames.join('、') || '—'],
    ['被災年月日', data.disasterDate ? jaDate(new Date(`${data.disasterDate}T00:00:00+09:00`)) : '—'],
    ['被害の程度', DAMAGE_LEVEL_JA[data.damageLevel]],
  ];
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('jp-bold').fontSize(12).text(label, 64, y, { width: 140 });
    doc.font('jp').fontSize(12).text(value, 210, y, { width: 320 });
    doc.moveDown(1);
  }
  doc.moveDown(2);
  doc.font('jp').fontSize(12).text('上記のとおり、住家に被害を受けたことを証明します。', 64);
  doc.moveDown(2);
  doc.text(jaDate(data.issuedAt), { align: 'right' });
  doc.moveDown(0.5);
  doc.font('jp-bold').text(`${data.municipalityName}長`, { align: 'right' });
  doc.end();
  return done;
}
