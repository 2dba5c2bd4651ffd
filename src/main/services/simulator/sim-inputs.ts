import { createHash } from 'node:crypto';
import sharp from 'sharp';

// Reference images as upstream takes them (wan-api-native-and-edits.md A.4): a data URI of a
// PNG, JPEG, WebP or BMP, 240–8000 px per side, aspect at most 8, at most 20 MB (the looser of
// the two documented limits: the app itself keeps to 10). URLs are refused here (InvalidURL):
// the simulator fetches nothing from the network.

export type SimReference = {
  mime: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** The image at cell resolution (THUMB_COLUMNS wide), RGB, for the renderer's corner inset. */
  thumb: { cols: number; rows: number; rgb: Uint8Array };
};

export type InputRejection = { status: number; code: string; message: string; param: string };

export const SIM_INPUT_LIMITS = { maxImages: 9, minSide: 240, maxSide: 8000, maxAspect: 8, maxBytes: 20 << 20 };
const THUMB_COLUMNS = 48;
const FORMATS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
};

const refuse = (message: string, code = 'InvalidParameter', status = 400): InputRejection => ({
  status,
  code,
  message,
  param: 'input.messages',
});

/** What the bytes are, by their first bytes (a data URI's MIME type may lie). */
function sniff(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp';
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  return undefined;
}

/** One `{image: …}` value, checked and decoded; `n` is its 1-based place. */
export async function decodeReference(value: unknown, n: number): Promise<SimReference | InputRejection> {
  if (typeof value !== 'string' || value === '') return refuse(`image ${n} must be a URL or a data URI.`);
  if (/^(https?|oss):\/\//i.test(value))
    return refuse(`image ${n}: the simulator does not download URLs; send a data URI.`, 'InvalidURL');
  const m = /^data:([\w/.+-]+);base64,(.*)$/s.exec(value);
  if (!m) return refuse(`image ${n} is neither a URL nor a base64 data URI.`, 'InvalidURL');
  const declared = FORMATS[m[1]!.toLowerCase()];
  if (!declared) return refuse(`image ${n}: ${m[1]} is not a supported format (PNG, JPEG, WebP, BMP).`);
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > SIM_INPUT_LIMITS.maxBytes)
    return refuse(`image ${n} is larger than 20 MB.`, 'BadRequest.TooLarge', 413);
  const format = sniff(bytes);
  if (!format) return refuse(`image ${n} could not be decoded as an image.`);
  const decoded = format === 'bmp' ? bmpOf(bytes) : await sharpOf(bytes);
  if (!decoded) return refuse(`image ${n} could not be decoded as an image.`);
  const { width, height } = decoded;
  const { minSide, maxSide, maxAspect } = SIM_INPUT_LIMITS;
  if (Math.min(width, height) < minSide || Math.max(width, height) > maxSide)
    return refuse(`image ${n} is ${width}x${height}: each side must be ${minSide}–${maxSide} px.`);
  if (Math.max(width, height) / Math.min(width, height) > maxAspect)
    return refuse(`image ${n} is ${width}x${height}: the aspect ratio must be within 1:8 to 8:1.`);
  return {
    mime: `image/${format}`,
    width,
    height,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    thumb: decoded.thumb,
  };
}

type Decoded = { width: number; height: number; thumb: SimReference['thumb'] };

function thumbRows(width: number, height: number): number {
  return Math.max(2, Math.round((THUMB_COLUMNS * height) / width));
}

async function sharpOf(bytes: Buffer): Promise<Decoded | undefined> {
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height) return undefined;
    const rows = thumbRows(meta.width, meta.height);
    const rgb = await sharp(bytes).resize(THUMB_COLUMNS, rows, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    return { width: meta.width, height: meta.height, thumb: { cols: THUMB_COLUMNS, rows, rgb } };
  } catch {
    return undefined;
  }
}

/** sharp reads no BMP: its size from the header, and a grey inset. */
function bmpOf(bytes: Buffer): Decoded | undefined {
  if (bytes.length < 26) return undefined;
  const width = bytes.readInt32LE(18);
  const height = Math.abs(bytes.readInt32LE(22));
  if (width <= 0 || height <= 0) return undefined;
  const rows = thumbRows(width, height);
  return {
    width,
    height,
    thumb: { cols: THUMB_COLUMNS, rows, rgb: new Uint8Array(THUMB_COLUMNS * rows * 3).fill(128) },
  };
}

/** `bbox_list`: one entry per image, at most 2 boxes each, every box inside its image. */
export function checkBoxes(value: unknown, refs: readonly SimReference[]): number[][][] | InputRejection {
  const bad = (message: string): InputRejection => ({ ...refuse(message), param: 'parameters.bbox_list' });
  if (!Array.isArray(value)) return bad('bbox_list must be a list with one entry per input image.');
  if (value.length !== refs.length)
    return bad(`bbox_list has ${value.length} entries but there are ${refs.length} input images.`);
  const out: number[][][] = [];
  for (const [i, entry] of value.entries()) {
    if (!Array.isArray(entry)) return bad(`bbox_list[${i}] must be a list of boxes.`);
    if (entry.length > 2) return bad(`bbox_list[${i}] has ${entry.length} boxes; at most 2 per image.`);
    const { width, height } = refs[i]!;
    const boxes: number[][] = [];
    for (const box of entry as unknown[]) {
      const isInts = Array.isArray(box) && box.length === 4 && box.every((v) => Number.isInteger(v) && v >= 0);
      const [x1, y1, x2, y2] = (isInts ? box : [0, 0, 0, 0]) as number[];
      if (!isInts || x2! <= x1! || y2! <= y1!)
        return bad(`bbox_list[${i}]: a box is [x1, y1, x2, y2] with x2 > x1 and y2 > y1.`);
      if (x2! > width || y2! > height)
        return bad(`bbox_list[${i}]: the box ${JSON.stringify(box)} lies outside the ${width}x${height} image.`);
      boxes.push([x1!, y1!, x2!, y2!]);
    }
    out.push(boxes);
  }
  return out;
}

export type SimPaletteEntry = { hex: string; ratio: number };

/** `color_palette`: 3–10 `{hex: "#RRGGBB", ratio: "23.51%"}` whose ratios sum to 100.00%. */
export function checkPalette(value: unknown): SimPaletteEntry[] | InputRejection {
  const bad = (message: string): InputRejection => ({ ...refuse(message), param: 'parameters.color_palette' });
  if (!Array.isArray(value)) return bad('color_palette must be a list of {hex, ratio}.');
  if (value.length < 3 || value.length > 10) return bad('color_palette takes 3 to 10 colours.');
  const out: SimPaletteEntry[] = [];
  for (const entry of value as Array<Record<string, unknown>>) {
    const keys = entry && typeof entry === 'object' ? Object.keys(entry).sort().join(',') : '';
    if (keys !== 'hex,ratio') return bad('each color_palette entry has exactly the fields hex and ratio.');
    if (typeof entry.hex !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(entry.hex))
      return bad(`color_palette: ${String(entry.hex)} is not #RRGGBB.`);
    const m = typeof entry.ratio === 'string' ? /^(\d{1,3}\.\d{2})%$/.exec(entry.ratio) : null;
    if (!m) return bad(`color_palette: ratio ${JSON.stringify(entry.ratio)} is not a string like "23.51%".`);
    out.push({ hex: entry.hex.toUpperCase(), ratio: Number(m[1]) });
  }
  const hundredths = out.reduce((sum, e) => sum + Math.round(e.ratio * 100), 0);
  if (hundredths !== 10_000) return bad(`color_palette ratios sum to ${(hundredths / 100).toFixed(2)}%, not 100.00%.`);
  return out;
}

export function isInputRejection(value: unknown): value is InputRejection {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
}
