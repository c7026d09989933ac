import { describe, expect, it } from 'vitest';
import { ContentInspector } from './content-type.js';

function inspect(...chunks: Buffer[]) {
  const inspector = new ContentInspector();
  for (const chunk of chunks) {
    const problem = inspector.push(chunk);
    if (problem) return { problem };
  }
  return inspector.finish();
}

const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(64, 7),
  Buffer.from([0xff, 0xd9]),
]);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 3),
  Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
]);
const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64, 1)]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');

describe('attachment type by content', () => {
  it('recognises JPEG, PNG, HEIC and PDF whatever the chunking', () => {
    expect(inspect(jpeg)).toEqual({ type: 'image/jpeg' });
    expect(inspect(jpeg.subarray(0, 2), jpeg.subarray(2))).toEqual({ type: 'image/jpeg' });
    expect(inspect(png)).toEqual({ type: 'image/png' });
    expect(inspect(heic)).toEqual({ type: 'image/heic' });
    expect(inspect(pdf)).toEqual({ type: 'application/pdf' });
  });

  it('refuses other types and cut-off files', () => {
    expect(inspect(Buffer.from('GIF89a' + 'x'.repeat(40)))).toEqual({ problem: 'unsupported_type' });
    expect(inspect(Buffer.from('MZ' + '\u0000'.repeat(40)))).toEqual({ problem: 'unsupported_type' });
    expect(inspect(jpeg.subarray(0, 40))).toEqual({ problem: 'truncated' });
    expect(inspect(pdf.subarray(0, 30))).toEqual({ problem: 'truncated' });
  });

  it('refuses polyglots, also when the marker is split across chunks', () => {
    const zip = Buffer.from('PK\u0003\u0004\u0014\u0000', 'latin1');
    expect(inspect(Buffer.concat([jpeg.subarray(0, 20), zip, jpeg.subarray(20)]))).toEqual({
      problem: 'polyglot',
    });
    const withScript = Buffer.concat([jpeg.subarray(0, 20), Buffer.from('<ScRiPt>'), jpeg.subarray(20)]);
    expect(inspect(withScript.subarray(0, 23), withScript.subarray(23))).toEqual({ problem: 'polyglot' });
    expect(inspect(Buffer.concat([png, Buffer.from('trailing')]))).toEqual({ problem: 'polyglot' });
    expect(
      inspect(Buffer.from('%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF')),
    ).toEqual({
      problem: 'polyglot',
    });
  });

  it('decodes #xx escapes in PDF names before looking for active content', () => {
    const withName = (name: string) => Buffer.from(`%PDF-1.7\n<< ${name} 5 0 R >>\n%%EOF\n`);
    for (const name of [
      '/Open#41ction',
      '/J#61vaScript',
      '/L#61unch',
      '/#4A#53',
      '/Embedded#46ile',
      '/RICH#6dedia',
    ]) {
      expect(inspect(withName(name)), name).toEqual({ problem: 'polyglot' });
    }
    // Split inside the escaped name and at its very end: still found.
    const split = withName('/J#61vaScript');
    expect(inspect(split.subarray(0, 14), split.subarray(14))).toEqual({ problem: 'polyglot' });
    const atEnd = Buffer.from('%PDF-1.7\n%%EOF\n/J#53');
    expect(inspect(atEnd)).toEqual({ problem: 'polyglot' });
    // Ordinary names, and names that only start like a marker, pass.
    expect(inspect(withName('/Type /Catalog /JSON /Launcher /J#2361vaScript'))).toEqual({
      type: 'application/pdf',
    });
  });
});
