// Puts an EXIF block into an encoded JPEG or WebP without touching the image data. Used on
// sharp's own output, so a surprise in the structure is our bug and throws.

/** APP1 payload limit (65535 minus the length field) less the `Exif\0\0` header. */
export const JPEG_EXIF_MAX = 65533 - 6;
/** APP1 payload limit less XMP's namespace header (`http://ns.adobe.com/xap/1.0/\0`). */
export const JPEG_XMP_MAX = 65533 - 29;

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

type Segment = { marker: number; start: number; end: number };

/** Marker segments between SOI and SOS; the scan data after them is never parsed. */
function jpegSegments(jpeg: Buffer): { segments: Segment[]; scanAt: number } {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('Not a JPEG (no SOI marker).');
  const segments: Segment[] = [];
  let pos = 2;
  while (pos + 4 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) throw new Error('Damaged JPEG marker structure.');
    const marker = jpeg[pos + 1] ?? 0;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xda) return { segments, scanAt: pos };
    const end = pos + 2 + jpeg.readUInt16BE(pos + 2);
    if (end > jpeg.length) throw new Error('Damaged JPEG segment length.');
    segments.push({ marker, start: pos, end });
    pos = end;
  }
  throw new Error('JPEG without image data (no SOS marker).');
}

function isExifSegment(jpeg: Buffer, s: Segment): boolean {
  return s.marker === 0xe1 && jpeg.subarray(s.start + 4, s.start + 10).equals(EXIF_HEADER);
}

/**
 * The JPEG with `tiff` as its only APP1 Exif segment. It goes first, except after a JFIF APP0:
 * JFIF wants APP0 first and EXIF wants APP1 first, and every reader accepts JFIF-then-Exif, which
 * is what cameras' editors and ExifTool write.
 */
export function spliceJpegExif(jpeg: Buffer, tiff: Buffer): Buffer {
  if (tiff.length > JPEG_EXIF_MAX) throw new Error('EXIF block too large for a JPEG APP1 segment.');
  const { segments, scanAt } = jpegSegments(jpeg);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(2 + EXIF_HEADER.length + tiff.length, 2);
  const exif = [app1, EXIF_HEADER, tiff];
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  const first = segments[0];
  const isJfifFirst = first?.marker === 0xe0 && jpeg.toString('latin1', first.start + 4, first.start + 9) === 'JFIF\0';
  if (!isJfifFirst) parts.push(...exif);
  segments.forEach((s, i) => {
    if (!isExifSegment(jpeg, s)) parts.push(jpeg.subarray(s.start, s.end));
    if (i === 0 && isJfifFirst) parts.push(...exif);
  });
  parts.push(jpeg.subarray(scanAt));
  return Buffer.concat(parts);
}

type RiffChunk = { fourcc: string; data: Buffer };

function riffChunks(webp: Buffer): RiffChunk[] {
  if (webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') {
    throw new Error('Not a WebP file (no RIFF/WEBP header).');
  }
  const end = Math.min(webp.length, 8 + webp.readUInt32LE(4));
  const chunks: RiffChunk[] = [];
  let pos = 12;
  while (pos + 8 <= end) {
    const size = webp.readUInt32LE(pos + 4);
    if (pos + 8 + size > end) throw new Error('Damaged WebP chunk length.');
    chunks.push({ fourcc: webp.toString('latin1', pos, pos + 4), data: webp.subarray(pos + 8, pos + 8 + size) });
    pos += 8 + size + (size % 2);
  }
  return chunks;
}

function riffChunk(fourcc: string, data: Buffer): Buffer[] {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return data.length % 2 ? [head, data, Buffer.alloc(1)] : [head, data];
}

const VP8X_EXIF = 0x08;
const VP8X_ALPHA = 0x10;

/** A VP8X header for a simple (VP8 / VP8L only) file, which cannot carry metadata otherwise. */
function vp8xFor(chunks: RiffChunk[], width: number, height: number): RiffChunk {
  const data = Buffer.alloc(10);
  const image = chunks.find((c) => c.fourcc === 'VP8L');
  // VP8L keeps an "alpha is used" bit right after its 14-bit width and height.
  const hasAlpha = image !== undefined && image.data.length >= 5 && ((image.data.readUInt32LE(1) >>> 28) & 1) === 1;
  data[0] = hasAlpha ? VP8X_ALPHA : 0;
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  return { fourcc: 'VP8X', data };
}

/**
 * The WebP with `tiff` as its EXIF chunk, in the container order the spec asks for: VP8X, ICCP,
 * ANIM, image data, EXIF, XMP. `width` / `height` are only needed for a simple-format input.
 */
export function spliceWebpExif(webp: Buffer, tiff: Buffer, width: number, height: number): Buffer {
  let chunks = riffChunks(webp).filter((c) => c.fourcc !== 'EXIF');
  if (chunks[0]?.fourcc !== 'VP8X') chunks = [vp8xFor(chunks, width, height), ...chunks];
  const [vp8x, ...rest] = chunks as [RiffChunk, ...RiffChunk[]];
  const header = Buffer.from(vp8x.data);
  header[0] = (header[0] ?? 0) | VP8X_EXIF;
  const xmpAt = rest.findIndex((c) => c.fourcc === 'XMP ');
  const at = xmpAt < 0 ? rest.length : xmpAt;
  const ordered = [...rest.slice(0, at), { fourcc: 'EXIF', data: tiff }, ...rest.slice(at)];
  const body = [...riffChunk('VP8X', header), ...ordered.flatMap((c) => riffChunk(c.fourcc, c.data))];
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + body.reduce((sum, b) => sum + b.length, 0), 4);
  riff.write('WEBP', 8, 'latin1');
  return Buffer.concat([riff, ...body]);
}
