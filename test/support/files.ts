/** A well-formed JPEG of about `size` bytes (SOI, an APP0 segment, filler, EOI): passes the content check. */
export const smallJpeg = (size = 2_000) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\u0000\u0001\u0001\u0000\u0000\u0001\u0000\u0001\u0000\u0000', 'latin1'),
    Buffer.alloc(size, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
