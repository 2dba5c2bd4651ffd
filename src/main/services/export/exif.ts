// A small EXIF (TIFF) block built by hand: libvips writes EXIF strings as ASCII and turns every
// non-ASCII character into '?', which would wipe out a Chinese prompt.
//
// The TIFF is big-endian ("MM") on purpose: UserComment's 'UNICODE' text is UTF-16, and A1111's
// reader (piexif) always decodes it as big-endian while ExifTool follows the TIFF byte order. With
// a big-endian TIFF both read the same text.

export type ExifText = { imageDescription?: string; userComment?: string; dateTime?: Date };
export type ExifRead = { imageDescription: string | null; userComment: string | null };

const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;
const UNICODE_PREFIX = Buffer.from('UNICODE\0', 'latin1');

type Entry = { tag: number; type: number; count: number; value: Buffer };

function ascii(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
}

function exifDate(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}:${p(date.getMonth() + 1)}:${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** The IFD's bytes placed at `start`; values over four bytes follow the IFD itself. */
function writeIfd(entries: Entry[], start: number, next = 0): Buffer {
  const tableSize = 2 + entries.length * 12 + 4;
  const values: Buffer[] = [];
  let valueAt = start + tableSize;
  const table = Buffer.alloc(tableSize);
  table.writeUInt16BE(entries.length, 0);
  entries.forEach((e, i) => {
    const at = 2 + i * 12;
    table.writeUInt16BE(e.tag, at);
    table.writeUInt16BE(e.type, at + 2);
    table.writeUInt32BE(e.count, at + 4);
    if (e.value.length <= 4) {
      e.value.copy(table, at + 8);
    } else {
      table.writeUInt32BE(valueAt, at + 8);
      const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      values.push(padded);
      valueAt += padded.length;
    }
  });
  table.writeUInt32BE(next, tableSize - 4);
  return Buffer.concat([table, ...values]);
}

function entry(tag: number, type: number, value: Buffer, count = value.length): Entry {
  return { tag, type, count, value };
}

/** A complete TIFF block (no `Exif\0\0` header): IFD0 plus an Exif sub-IFD. */
export function buildExif(text: ExifText): Buffer {
  const date = text.dateTime && !Number.isNaN(text.dateTime.getTime()) ? exifDate(text.dateTime) : null;
  const exifEntries: Entry[] = [entry(0x9000, UNDEFINED, Buffer.from('0232', 'latin1'))];
  if (date) exifEntries.push(entry(0x9003, ASCII, ascii(date)));
  if (text.userComment !== undefined) {
    exifEntries.push(entry(0x9286, UNDEFINED, Buffer.concat([UNICODE_PREFIX, utf16be(text.userComment)])));
  }
  const ifd0Entries: Entry[] = [];
  if (text.imageDescription !== undefined) ifd0Entries.push(entry(0x010e, ASCII, ascii(text.imageDescription)));
  ifd0Entries.push(entry(0x0131, ASCII, ascii('Wan Studio')));
  if (date) ifd0Entries.push(entry(0x0132, ASCII, ascii(date)));
  const pointer = Buffer.alloc(4);
  ifd0Entries.push(entry(0x8769, LONG, pointer, 1));
  // The pointer's value is where the Exif IFD lands, known once IFD0 is laid out.
  const ifd0Size = writeIfd(ifd0Entries, 8).length;
  pointer.writeUInt32BE(8 + ifd0Size);
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]);
  return Buffer.concat([header, writeIfd(ifd0Entries, 8), writeIfd(exifEntries, 8 + ifd0Size)]);
}

/**
 * ImageDescription and UserComment from an EXIF block (with or without the `Exif\0\0` header),
 * either byte order. Every offset is bounds-checked; anything odd reads as null.
 */
export function readExif(block: Buffer): ExifRead {
  const result: ExifRead = { imageDescription: null, userComment: null };
  const tiff = block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block;
  if (tiff.length < 8) return result;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return result;
  const isBig = order === 'MM';
  const u16 = (at: number): number => (isBig ? tiff.readUInt16BE(at) : tiff.readUInt16LE(at));
  const u32 = (at: number): number => (isBig ? tiff.readUInt32BE(at) : tiff.readUInt32LE(at));
  try {
    const ifd0 = readIfd(tiff, u32(4), u16, u32);
    const description = ifd0.get(0x010e);
    if (description) result.imageDescription = decodeAscii(description);
    const exifAt = ifd0.get(0x8769);
    if (exifAt && exifAt.length >= 4) {
      const comment = readIfd(tiff, u32At(exifAt, isBig), u16, u32).get(0x9286);
      if (comment) result.userComment = decodeUserComment(comment, isBig);
    }
  } catch {
    // A damaged block: keep whatever was read before the damage.
  }
  return result;
}

function u32At(value: Buffer, isBig: boolean): number {
  return isBig ? value.readUInt32BE(0) : value.readUInt32LE(0);
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, [SHORT]: 2, [LONG]: 4, [UNDEFINED]: 1, 9: 4 };

/** Tag → raw value bytes for one IFD (first 500 entries at most, against looping garbage). */
function readIfd(
  tiff: Buffer,
  at: number,
  u16: (at: number) => number,
  u32: (at: number) => number,
): Map<number, Buffer> {
  const values = new Map<number, Buffer>();
  if (at < 8 || at + 2 > tiff.length) return values;
  const count = Math.min(u16(at), 500);
  for (let i = 0; i < count; i++) {
    const e = at + 2 + i * 12;
    if (e + 12 > tiff.length) break;
    const size = (TYPE_SIZE[u16(e + 2)] ?? 1) * u32(e + 4);
    const start = size <= 4 ? e + 8 : u32(e + 8);
    if (start + size > tiff.length) continue;
    values.set(u16(e), tiff.subarray(start, start + size));
  }
  return values;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** EXIF ASCII in practice: UTF-8 from most tools, Latin-1 from old ones. */
function decodeAscii(value: Buffer): string | null {
  const end = value.indexOf(0);
  const bytes = end < 0 ? value : value.subarray(0, end);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  text = text.trim();
  return text === '' ? null : text;
}

function decodeUserComment(value: Buffer, isBig: boolean): string | null {
  const code = value.toString('latin1', 0, 8).replace(/\0+$/, '');
  const body = value.subarray(8);
  if (code === 'UNICODE') return cleanText(decodeUtf16(body, isBig));
  if (code === 'ASCII' || code === 'UTF-8' || code === 'UTF8' || code === '') return decodeAscii(body);
  // JIS or an unknown code: no text we can read with confidence.
  return null;
}

/**
 * UTF-16 in the order the bytes show: a BOM decides, else the TIFF's order, unless the zero bytes
 * (high bytes of ASCII characters) clearly sit on the other side, as in piexif's big-endian text
 * inside a little-endian TIFF.
 */
function decodeUtf16(body: Buffer, isBig: boolean): string {
  let bytes = body.length % 2 ? body.subarray(0, body.length - 1) : body;
  let isBe = isBig;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) [isBe, bytes] = [true, bytes.subarray(2)];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [isBe, bytes] = [false, bytes.subarray(2)];
  else {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < bytes.length; i += 2) {
      if (bytes[i] === 0) evenZeros++;
      if (bytes[i + 1] === 0) oddZeros++;
    }
    if (evenZeros > oddZeros * 2) isBe = true;
    else if (oddZeros > evenZeros * 2) isBe = false;
  }
  return isBe ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('utf16le');
}

function cleanText(text: string): string | null {
  const trimmed = text.replace(/\0+$/, '').trim();
  return trimmed === '' ? null : trimmed;
}
