import sharp, { type Sharp } from 'sharp';
import { REFERENCE_LIMITS } from '../../../shared/capabilities';
import { formatBytes } from '../../../shared/errors';
import { fieldMessage, type FieldMessageKey, type Locale } from '../../../shared/i18n-messages';
import { WanError } from '../wan-error';
import { decodeBmp, isBmp } from './bmp-decode';

// Makes a file acceptable as a Wan 2.7 reference image, or says which image and why not. A file
// that already is acceptable is kept byte for byte (only its header is read), so the common case
// costs no decode at all. Otherwise it is decoded once and encoded as few times as needed.
//
// Choices where upstream is unclear (../shared/docs/wan-api-native-and-edits.md A.4):
// - "≤ 10 MB" is taken as the image *as sent*, i.e. its base64 data URI (the stricter reading):
//   the file itself stays under about 7.5 MB.
// - PNG is accepted "without alpha": a transparent PNG or WebP is flattened onto white.
// - EXIF orientation is applied, so boxes drawn on the upright picture mean what they show.

export type PreparedInput = {
  bytes: Buffer;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  ext: 'png' | 'jpg' | 'webp';
  width: number;
  height: number;
  /** What was done to make the file acceptable; null when it is sent as given. */
  note: string | null;
};

const DATA_URI_PREFIX = 'data:image/jpeg;base64,'.length;
/** The largest file whose data URI stays within REFERENCE_LIMITS.maxBytes. */
export const MAX_FILE_BYTES = Math.floor((REFERENCE_LIMITS.maxBytes - DATA_URI_PREFIX) / 4) * 3;
const JPEG_QUALITIES = [90, 82, 72, 62] as const;
const KEPT = { jpeg: ['image/jpeg', 'jpg'], png: ['image/png', 'png'], webp: ['image/webp', 'webp'] } as const;

/** `label` names the image in a refusal: "2 (photo.heic)". */
export async function prepareReference(
  input: Uint8Array,
  label: string,
  locale: Locale = 'en',
): Promise<PreparedInput> {
  const refuse = (key: FieldMessageKey, params: Record<string, string | number> = {}): WanError =>
    new WanError('invalid_input', {
      field: 'references',
      detail: fieldMessage(key, locale, { image: label, ...params }),
      isRetryable: false,
    });
  const source = await openSource(input);
  if (!source) throw refuse('references.unreadable');
  const { format, width, height } = source;
  const min = Math.min(width, height);
  const max = Math.max(width, height);
  if (min < REFERENCE_LIMITS.minSide)
    throw refuse('references.tooSmall', { width, height, min: REFERENCE_LIMITS.minSide });
  if (max / min > REFERENCE_LIMITS.maxAspect)
    throw refuse('references.aspect', { width, height, max: REFERENCE_LIMITS.maxAspect });

  const notes: string[] = [];
  const kept = format === 'jpeg' || format === 'png' || format === 'webp' ? KEPT[format] : undefined;
  if (source.isRotated) notes.push('turned upright as its EXIF orientation says');
  if (source.hasAlpha) notes.push('transparency flattened onto white (upstream takes PNG without alpha)');
  const scale = Math.min(1, REFERENCE_LIMITS.maxSide / max);
  if (scale < 1)
    notes.push(`scaled down from ${width}×${height} (a side may be at most ${REFERENCE_LIMITS.maxSide} px)`);
  const from = kept ? null : format.toUpperCase();
  if (kept && notes.length === 0 && input.byteLength <= MAX_FILE_BYTES)
    return { bytes: Buffer.from(input), mime: kept[0], ext: kept[1], width, height, note: null };

  // One decode (oriented, scaled, flattened) to raw pixels; every encode below starts from them.
  let w = Math.max(1, Math.round(width * scale));
  let h = Math.max(1, Math.round(height * scale));
  let pipeline = source.image();
  if (scale < 1) pipeline = pipeline.resize(w, h, { fit: 'fill' });
  if (source.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
  const raw = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  w = raw.info.width;
  h = raw.info.height;
  const fromRaw = (): Sharp => sharp(raw.data, { raw: { width: w, height: h, channels: raw.info.channels } });

  // Photos stay JPEG; everything else (PNG, WebP, BMP, GIF, TIFF, SVG) goes lossless first.
  const isPhoto = format === 'jpeg' || format === 'heif';
  if (!isPhoto) {
    const png = await fromRaw().png({ compressionLevel: 6 }).toBuffer();
    if (png.byteLength <= MAX_FILE_BYTES) return done(png, 'image/png', 'png', w, h, notes, 'PNG', from);
  }
  for (const quality of JPEG_QUALITIES) {
    const jpeg = await fromRaw().jpeg({ quality, mozjpeg: false }).toBuffer();
    if (jpeg.byteLength <= MAX_FILE_BYTES) {
      const said = quality === JPEG_QUALITIES[0] && isPhoto && notes.length > 0 ? 'JPEG' : `JPEG (quality ${quality})`;
      if (input.byteLength > MAX_FILE_BYTES) notes.push(`${formatBytes(input.byteLength)} was over the limit`);
      return done(jpeg, 'image/jpeg', 'jpg', w, h, notes, said, from);
    }
  }
  // Still too large at a modest quality: fewer pixels, until a side would fall under the minimum.
  for (let factor = 0.8; Math.min(w, h) * factor >= REFERENCE_LIMITS.minSide; factor *= 0.8) {
    const sw = Math.round(w * factor);
    const sh = Math.round(h * factor);
    const jpeg = await fromRaw().resize(sw, sh, { fit: 'fill' }).jpeg({ quality: 82 }).toBuffer();
    if (jpeg.byteLength <= MAX_FILE_BYTES) {
      notes.push(`scaled to ${sw}×${sh} to fit ${formatBytes(REFERENCE_LIMITS.maxBytes)} as sent`);
      return done(jpeg, 'image/jpeg', 'jpg', sw, sh, notes, 'JPEG (quality 82)', from);
    }
  }
  throw refuse('references.tooLarge', { limit: formatBytes(REFERENCE_LIMITS.maxBytes) });
}

function done(
  bytes: Buffer,
  mime: PreparedInput['mime'],
  ext: PreparedInput['ext'],
  width: number,
  height: number,
  notes: string[],
  encoding: string,
  from: string | null,
): PreparedInput {
  const said = [from ? `converted from ${from} to ${encoding}` : `re-encoded as ${encoding}`, ...notes];
  const note = `${said[0]!.charAt(0).toUpperCase()}${said.join('; ').slice(1)}.`;
  return { bytes, mime, ext, width, height, note };
}

type Source = {
  format: string;
  /** Upright size (EXIF orientation applied). */
  width: number;
  height: number;
  hasAlpha: boolean;
  isRotated: boolean;
  /** A fresh, upright pipeline over the pixels. */
  image: () => Sharp;
};

/** Reads only what the header says; undefined when neither sharp nor the BMP reader can. */
async function openSource(input: Uint8Array): Promise<Source | undefined> {
  if (isBmp(input)) {
    const bmp = decodeBmp(input);
    if (!bmp) return undefined;
    const { data, width, height, channels } = bmp;
    return {
      format: 'bmp',
      width,
      height,
      hasAlpha: false,
      isRotated: false,
      image: () => sharp(data, { raw: { width, height, channels } }),
    };
  }
  try {
    // Page 0 only: an animated GIF or WebP becomes its first frame.
    const meta = await sharp(input, { limitInputPixels: 268_402_689 }).metadata();
    if (!meta.width || !meta.height || !meta.format) return undefined;
    const orientation = meta.orientation ?? 1;
    const isSideways = orientation >= 5 && orientation <= 8;
    return {
      format: meta.format,
      width: isSideways ? meta.height : meta.width,
      height: isSideways ? meta.width : meta.height,
      hasAlpha: meta.hasAlpha === true,
      isRotated: orientation > 1,
      image: () => sharp(input, { limitInputPixels: 268_402_689 }).autoOrient(),
    };
  } catch {
    return undefined;
  }
}
