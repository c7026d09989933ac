/**
 * Decides a file's type from its bytes, never from its name or the client's Content-Type, and
 * refuses files that carry a second format inside them (polyglots) where that can be seen: HTML or
 * script, a ZIP archive, a PDF inside an image, active content in a PDF, data after a PNG's end.
 * Fed chunk by chunk, so an upload is checked while it streams to disk.
 */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export type ContentProblem = 'unsupported_type' | 'polyglot' | 'truncated';

const HEAD_BYTES = 16;
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Markers of markup inside any upload (compared lower-cased, so case tricks fail). */
const MARKUP = ['<script', '<html', '<svg', '<?php', '<!doctype'];
/**
 * Exact byte markers (case-sensitive, long enough that compressed photo data does not hit them by
 * chance): a ZIP local file header with a usual "version needed", a PDF header inside an image.
 */
// eslint-disable-next-line no-control-regex -- matching binary bytes is the point
const ZIP_HEADER = /PK\x03\x04[\x0a\x14\x2d]\x00/;
const PDF_HEADER = /%PDF-[12]\./;
/**
 * Names of active content a PDF can carry (visible when not inside a compressed stream), compared
 * after decoding `#xx` escapes and lower-casing: `/J#61vaScript` is `/JavaScript` to a reader.
 */
const ACTIVE_PDF_NAMES = new Set(['javascript', 'js', 'launch', 'embeddedfile', 'openaction', 'richmedia']);
/** A PDF name: `/` then regular characters up to whitespace (NUL included) or a delimiter. */
const PDF_NAME = /\/([^\0\t\n\f\r ()<>[\]{}/%]*)/g;
/** Enough overlap for the longest marker, also when every character of a name is escaped. */
const LONGEST_MARKER = 64;

export function sniffType(head: Buffer): AttachmentType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.length >= 12 && head.subarray(4, 8).toString('latin1') === 'ftyp') {
    if (HEIC_BRANDS.has(head.subarray(8, 12).toString('latin1'))) return 'image/heic';
  }
  return null;
}

export class ContentInspector {
  private head = Buffer.alloc(0);
  private carry = '';
  private tail = Buffer.alloc(0);
  private detected: AttachmentType | null = null;
  private problem: ContentProblem | null = null;

  /** Feeds the next chunk; returns a problem as soon as one is certain (stop reading then). */
  push(chunk: Buffer): ContentProblem | null {
    if (this.problem) return this.problem;
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
      if (this.head.length >= HEAD_BYTES) {
        this.detected = sniffType(this.head);
        if (!this.detected) return (this.problem = 'unsupported_type');
      }
    }
    // Scan text with an overlap, so a marker split across two chunks is still found.
    const raw = this.carry + chunk.toString('latin1');
    if (this.foreignMarkerIn(raw)) return (this.problem = 'polyglot');
    this.carry = raw.slice(-LONGEST_MARKER);
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-1024);
    return null;
  }

  /** After the last chunk: the type, or why the file is refused. */
  finish(): { type: AttachmentType } | { problem: ContentProblem } {
    if (this.problem) return { problem: this.problem };
    // A name at the very end of the last chunk was left for the next one; there is none.
    if (this.detected === 'application/pdf' && hasActivePdfName(this.carry, true)) {
      return { problem: (this.problem = 'polyglot') };
    }
    if (!this.detected) {
      this.detected = sniffType(this.head);
      if (!this.detected) return { problem: 'unsupported_type' };
    }
    if (this.detected === 'image/png' && !this.tail.subarray(-8).equals(PNG_IEND)) {
      // Bytes after IEND are a second file riding along (or the PNG was cut short).
      return { problem: this.tail.includes(PNG_IEND) ? 'polyglot' : 'truncated' };
    }
    if (this.detected === 'image/jpeg' && !this.tail.includes(Buffer.from([0xff, 0xd9]))) {
      return { problem: 'truncated' };
    }
    if (this.detected === 'application/pdf' && !this.tail.toString('latin1').includes('%%EOF')) {
      return { problem: 'truncated' };
    }
    return { type: this.detected };
  }

  private foreignMarkerIn(raw: string): boolean {
    const text = raw.toLowerCase();
    if (MARKUP.some((marker) => text.includes(marker)) || ZIP_HEADER.test(raw)) return true;
    if (this.detected === 'application/pdf') return hasActivePdfName(raw, false);
    return this.detected !== null && PDF_HEADER.test(raw);
  }
}

/**
 * Whether the text holds the name of active PDF content. Unless `final`, a name running up to the
 * end of the text is skipped: it may go on in the next chunk, and is checked again from the overlap.
 */
function hasActivePdfName(text: string, final: boolean): boolean {
  for (const match of text.matchAll(PDF_NAME)) {
    if (!final && match.index + match[0].length === text.length) continue;
    const name = match[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (ACTIVE_PDF_NAMES.has(name.toLowerCase())) return true;
  }
  return false;
}

export const EXTENSIONS: Record<AttachmentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};
