import { open } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { imageKindOf, SIGNATURE_BYTES } from '../library/image-sniff';
import { a1111Parameters } from './a1111';
import { buildExif, readExif, type ExifText } from './exif';
import { JPEG_EXIF_MAX, JPEG_XMP_MAX, spliceJpegExif, spliceWebpExif } from './image-containers';
import { readPngText } from './png-chunks';
import { parseWanMetadata, WAN_KEYWORD, wanMetadataJson, type WanMetadata } from './wan-metadata';
import { buildXmp, readXmp } from './xmp';

// The one door to export metadata: writing it into JPEG / WebP re-encodes and reading it back
// from any of the three formats. PNG writing is a stream (png-chunks.ts), re-exported here.

export { a1111Parameters, parseA1111Parameters, type A1111Parameters } from './a1111';
export { pngMetadataChunks, readPngText } from './png-chunks';
export { wanMetadataFor, wanMetadataSchema, parseWanMetadata, type WanMetadata } from './wan-metadata';

export type EmbeddedMetadata = {
  /** Our own record, validated; null when absent or not exactly our format. */
  wan: WanMetadata | null;
  /** A1111-style parameters text (ours or another tool's). */
  parameters: string | null;
  /** A free caption (PNG Description/Comment, XMP dc:description, EXIF ImageDescription). */
  description: string | null;
};

const NOTHING: EmbeddedMetadata = { wan: null, parameters: null, description: null };

/** Re-encodes the library file as JPEG or WebP, with XMP and EXIF carrying `meta` when given. */
export async function encodeWithMetadata(
  inputPath: string,
  format: 'jpeg' | 'webp',
  quality: number,
  meta: WanMetadata | null,
): Promise<Buffer> {
  // EXIF is stripped, so its orientation is applied to the pixels rather than lost.
  let image = sharp(inputPath).autoOrient().keepIccProfile();
  // JPEG has no alpha; white is what a person expects behind a transparent area, not black.
  image = format === 'jpeg' ? image.flatten({ background: '#ffffff' }).jpeg({ quality }) : image.webp({ quality });
  if (!meta) return image.toBuffer();

  const text = a1111Parameters(meta);
  const xmp = xmpFor(format, text, wanMetadataJson(meta));
  if (xmp !== null) image = image.withXmp(xmp);
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  const exif = exifFor(format, { imageDescription: text, userComment: text, dateTime: new Date(meta.createdAt) });
  return format === 'jpeg' ? spliceJpegExif(data, exif) : spliceWebpExif(data, exif, info.width, info.height);
}

/**
 * A JPEG keeps XMP in one 64 KB segment: when a huge prompt does not fit, the caption goes first
 * (the EXIF still has it) and the JSON last. WebP chunks have no such limit.
 */
function xmpFor(format: 'jpeg' | 'webp', description: string, wanJson: string): string | null {
  const candidates = [buildXmp({ description, wanJson }), buildXmp({ wanJson }), buildXmp({ description })];
  if (format === 'webp') return candidates[0] ?? null;
  return candidates.find((x) => Buffer.byteLength(x, 'utf8') <= JPEG_XMP_MAX) ?? null;
}

function exifFor(format: 'jpeg' | 'webp', text: ExifText): Buffer {
  const full = buildExif(text);
  if (format === 'webp' || full.length <= JPEG_EXIF_MAX) return full;
  const withoutCaption = buildExif({ ...text, imageDescription: undefined });
  if (withoutCaption.length <= JPEG_EXIF_MAX) return withoutCaption;
  // Still too big: keep as much of the comment as fits (2 bytes a UTF-16 unit), whole code points.
  const over = withoutCaption.length - JPEG_EXIF_MAX;
  const comment = text.userComment ?? '';
  let cut = Math.max(0, comment.length - Math.ceil(over / 2));
  if (cut > 0 && /[\uD800-\uDBFF]/.test(comment[cut - 1] ?? '')) cut--;
  return buildExif({ ...text, imageDescription: undefined, userComment: comment.slice(0, cut) });
}

/**
 * What a file says about itself. Throws only when the file cannot be read; damaged or hostile
 * metadata reads as nulls.
 */
export async function readEmbeddedMetadata(path: string): Promise<EmbeddedMetadata> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(SIGNATURE_BYTES);
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  const kind = imageKindOf(head);
  if (kind === 'png') return readPng(path);
  if (kind === 'jpeg' || kind === 'webp') return readViaSharp(path);
  return { ...NOTHING };
}

async function readPng(path: string): Promise<EmbeddedMetadata> {
  const entries = await readPngText(path);
  const pick = (...keys: string[]): string | null => {
    for (const key of keys) if (Object.hasOwn(entries, key) && entries[key]?.trim()) return entries[key] ?? null;
    return null;
  };
  let wan = parseWanMetadata(pick(WAN_KEYWORD));
  const xmp = pick('XML:com.adobe.xmp');
  const fromXmp = xmp ? readXmp(xmp) : null;
  wan ??= parseWanMetadata(fromXmp?.wanJson);
  return {
    wan,
    parameters: pick('parameters'),
    description: pick('Description', 'Comment', 'description', 'comment') ?? fromXmp?.description ?? null,
  };
}

async function readViaSharp(path: string): Promise<EmbeddedMetadata> {
  let found: Metadata;
  try {
    found = await sharp(path).metadata();
  } catch {
    return { ...NOTHING };
  }
  const xmpText = found.xmpAsString ?? found.xmp?.toString('utf8') ?? null;
  const xmp = xmpText ? readXmp(xmpText) : { description: null, wanJson: null };
  const exif = found.exif ? readExif(found.exif) : { imageDescription: null, userComment: null };
  return {
    wan: parseWanMetadata(xmp.wanJson),
    parameters: exif.userComment,
    description: xmp.description ?? exif.imageDescription,
  };
}
