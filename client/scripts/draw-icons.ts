/**
 * Draws the installable app's icons (client/public/icons/icon-{192,512}.png): a white shelter
 * (roof and walls, a door) on the portal's dark blue, inside the central safe zone so launchers
 * may crop them to a circle ("maskable"). Pure Node, no image library: shapes are tested per
 * sub-pixel (4×4 per pixel for smooth edges) and written as an RGBA PNG.
 *
 *   npx tsx client/scripts/draw-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = [number, number, number];
const BACKGROUND: Rgb = [0x1d, 0x35, 0x57];
const SHELTER: Rgb = [0xff, 0xff, 0xff];
const ACCENT: Rgb = [0xe6, 0x39, 0x46];

/** Which colour a point (0..1 on both axes) of the icon has. */
function colourAt(x: number, y: number): Rgb {
  // Roof: a triangle from (0.2, 0.5) up to (0.5, 0.22) down to (0.8, 0.5).
  const inRoof = y >= 0.22 && y <= 0.5 && Math.abs(x - 0.5) <= ((y - 0.22) / 0.28) * 0.3;
  const inWalls = x >= 0.28 && x <= 0.72 && y >= 0.48 && y <= 0.78;
  const inDoor = x >= 0.44 && x <= 0.56 && y >= 0.6 && y <= 0.78;
  if (inDoor) return ACCENT;
  if (inRoof || inWalls) return SHELTER;
  return BACKGROUND;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function drawPng(size: number): Buffer {
  const samples = 4;
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const colour = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          for (let c = 0; c < 3; c += 1) sum[c]! += colour[c]!;
        }
      }
      const offset = 1 + px * 4;
      for (let c = 0; c < 3; c += 1) row[offset + c] = Math.round(sum[c]! / (samples * samples));
      row[offset + 3] = 255;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const iconsDir = path.resolve(import.meta.dirname, '../public/icons');
for (const size of [192, 512]) writeFileSync(path.join(iconsDir, `icon-${size}.png`), drawPng(size));
