// Pure readers for the three formats the gateway returns. We trust the bytes, not the URL's
// extension or the Content-Type header, because a CDN error page can arrive with a 200 status.

export type ImageFormat = {
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  ext: 'png' | 'jpg' | 'webp';
  width: number;
  height: number;
};

export type ImageKind = 'png' | 'jpeg' | 'webp';

/** Enough leading bytes for `imageKindOf` to give a final answer. */
export const SIGNATURE_BYTES = 12;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// IEND's empty data has a fixed CRC, so a complete PNG always ends with these eight bytes.
const PNG_END = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
// The PNG spec caps dimensions at 2^31 - 1; anything larger means the header is garbage.
const PNG_MAX_EDGE = 0x7fffffff;

/** Which format the leading bytes announce, without checking anything further. */
export function imageKindOf(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, 0, PNG_MAGIC)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  switch (imageKindOf(bytes)) {
    case 'png':
      return sniffPng(bytes);
    case 'jpeg':
      return sniffJpeg(bytes);
    case 'webp':
      return sniffWebp(bytes);
    default:
      return undefined;
  }
}

/**
 * Whether a file that sniffed as `format` also has its proper ending, so a file cut short by
 * something outside our atomic writes is not taken for a finished download.
 */
export function hasImageEnd(format: ImageFormat, head: Uint8Array, tail: Uint8Array, size: number): boolean {
  if (format.ext === 'png') return endsWith(tail, PNG_END);
  if (format.ext === 'jpg') return endsWith(tail, [0xff, 0xd9]);
  // RIFF's length field counts everything after the first eight bytes.
  return head.length >= 8 && u32le(head, 4) + 8 === size;
}

function sniffPng(b: Uint8Array): ImageFormat | undefined {
  if (b.length < 24 || u32be(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return withSize('png', u32be(b, 16), u32be(b, 20), PNG_MAX_EDGE);
}

function sniffJpeg(b: Uint8Array): ImageFormat | undefined {
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return undefined; // Lost sync: not a marker where one must be.
    while (i < b.length && b[i] === 0xff) i++; // Fill bytes may pad any marker.
    if (i >= b.length) return undefined;
    const marker = b[i]!;
    i++;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // No length field.
    // Entropy-coded data or the end before any frame header: the size is not in this file's head.
    if (marker === 0x00 || marker === 0xd9 || marker === 0xda) return undefined;
    if (i + 2 > b.length) return undefined;
    const length = u16be(b, i);
    if (length < 2) return undefined;
    if (isFrameHeader(marker)) {
      if (length < 7 || i + 7 > b.length) return undefined;
      // A zero height means "given later by a DNL marker", which we do not chase.
      return withSize('jpg', u16be(b, i + 5), u16be(b, i + 3), 0xffff);
    }
    i += length;
  }
  return undefined;
}

// SOF0..SOF15, except the three codes in that range that are not frame headers: DHT, JPG, DAC.
function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function sniffWebp(b: Uint8Array): ImageFormat | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    // Key frames only (bit 0 clear), then the fixed start code before the 14-bit dimensions.
    if (b.length < 30 || (b[20]! & 1) !== 0 || b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return withSize('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff, 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (b.length < 25 || b[20] !== 0x2f) return undefined;
    const bits = u32le(b, 21);
    return withSize('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 0x4000);
  }
  if (chunk === 'VP8X') {
    if (b.length < 30) return undefined;
    return withSize('webp', u24le(b, 24) + 1, u24le(b, 27) + 1, 0x1000000);
  }
  return undefined;
}

const MIME = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const satisfies Record<
  ImageFormat['ext'],
  ImageFormat['mime']
>;

function withSize(ext: ImageFormat['ext'], width: number, height: number, max: number): ImageFormat | undefined {
  if (width < 1 || height < 1 || width > max || height > max) return undefined;
  return { mime: MIME[ext], ext, width, height };
}

function startsWith(b: Uint8Array, at: number, expected: readonly number[]): boolean {
  if (b.length < at + expected.length) return false;
  return expected.every((value, k) => b[at + k] === value);
}

function endsWith(b: Uint8Array, expected: readonly number[]): boolean {
  return b.length >= expected.length && startsWith(b, b.length - expected.length, expected);
}

function ascii(b: Uint8Array, at: number, length: number): string {
  if (b.length < at + length) return '';
  return String.fromCharCode(...b.subarray(at, at + length));
}

const u16be = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number): number => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number): number => u24le(b, at) + ((b[at + 3]! << 24) >>> 0);
