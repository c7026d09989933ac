import PDFDocument from 'pdfkit';
import { loadFonts } from '../relief/certificate.pdf.js';
import { distanceMetres } from './route-order.js';

/** Millimetres to PDF points (1/72 inch). */
const mm = (value: number) => (value * 72) / 25.4;
const MARGIN = mm(15);
const PAGE_BOTTOM = mm(297) - MARGIN;
const ROW_HEIGHT = mm(24);

/** Columns of the table: number, person, address, care / phone, what the visit found. */
const COLUMNS = [
  { title: '順', width: mm(10) },
  { title: '氏名', width: mm(38) },
  { title: '住所', width: mm(62) },
  { title: '要配慮・電話', width: mm(32) },
  { title: '結果（無事・要支援・不在）', width: mm(38) },
] as const;

export const ROUTE_LIST_TITLE = '訪問ルート表';

export interface RouteStop {
  name: string;
  address: string | null;
  needsCare: boolean;
  phone: string | null;
  lat: number | null;
  lon: number | null;
}

export interface RouteList {
  visitorName: string;
  createdAt: Date;
  start: { lat: number; lon: number } | null;
  /** Already in walking order. */
  stops: readonly RouteStop[];
}

const jstTime = (date: Date) =>
  date.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' });

const metres = (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);

/**
 * The printable route list of a visitor (A4 portrait, Japanese): one row per stop in walking
 * order, with the distance from the previous stop and an empty box to write the outcome in. The
 * paper holds personal data: it is printed only by the visitor, and the print is access-logged.
 */
export async function renderRouteList(list: RouteList): Promise<Buffer> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: ROUTE_LIST_TITLE, CreationDate: list.createdAt, ModDate: list.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', regular);
  doc.registerFont('jp-bold', bold);

  doc.font('jp-bold').fontSize(18).text(ROUTE_LIST_TITLE, MARGIN, MARGIN);
  doc
    .font('jp')
    .fontSize(9)
    .text(`訪問者: ${list.visitorName} / 作成: ${jstTime(list.createdAt)} / 件数: ${list.stops.length}`);
  doc.text(
    list.start
      ? `出発地点: ${list.start.lat.toFixed(5)}, ${list.start.lon.toFixed(5)}（近い順に並べています）`
      : '出発地点: 最初の訪問先（近い順に並べています）',
  );
  doc.text('この表には個人情報が含まれます。訪問が終わったら回収・廃棄してください。');
  doc.moveDown(0.5);

  const header = () => {
    let x = MARGIN;
    const y = doc.y;
    doc.font('jp-bold').fontSize(9);
    for (const column of COLUMNS) {
      doc.rect(x, y, column.width, mm(7)).stroke();
      doc.text(column.title, x + 2, y + 5, { width: column.width - 4, lineBreak: false });
      x += column.width;
    }
    doc.y = y + mm(7);
  };
  header();

  let previous = list.start;
  list.stops.forEach((stop, index) => {
    if (doc.y + ROW_HEIGHT > PAGE_BOTTOM) {
      doc.addPage();
      doc.y = MARGIN;
      header();
    }
    const here = stop.lat !== null && stop.lon !== null ? { lat: stop.lat, lon: stop.lon } : null;
    const leg = previous && here ? metres(distanceMetres(previous, here)) : '—';
    if (here) previous = here;
    const cells = [
      `${index + 1}`,
      `${stop.name}\n（前から ${leg}）`,
      stop.address ?? '（住所なし）',
      `${stop.needsCare ? '要配慮あり' : '—'}\n${stop.phone ?? ''}`,
      '',
    ];
    const y = doc.y;
    let x = MARGIN;
    doc.font('jp').fontSize(9);
    COLUMNS.forEach((column, i) => {
      doc.rect(x, y, column.width, ROW_HEIGHT).stroke();
      doc.text(cells[i]!, x + 2, y + 3, { width: column.width - 4, height: ROW_HEIGHT - 6, ellipsis: true });
      x += column.width;
    });
    doc.y = y + ROW_HEIGHT;
  });
  if (list.stops.length === 0) doc.font('jp').fontSize(11).text('割り当てられた訪問はありません。', MARGIN);
  doc.end();
  return done;
}
