import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

// Real image files for reference-image tests, made with sharp.

export function solidPng(width: number, height: number, color = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

export function solidJpeg(width: number, height: number, color = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Random pixels: incompressible, so a PNG of them is as large as its raw pixels. */
export function noisePng(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** A noisy JPEG (quality 95 on random pixels): megabytes for a modest size, as a camera photo is. */
export async function noiseJpeg(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** Vertical stripes of the given colours, each as wide as its share of the width. */
export function stripesPng(
  width: number,
  height: number,
  stripes: ReadonlyArray<[hex: string, share: number]>,
): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  const rgb = stripes.map(([hex]) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const edges: number[] = [];
  let acc = 0;
  for (const [, share] of stripes) edges.push(Math.round((acc += share) * width));
  for (let x = 0; x < width; x++) {
    const c = rgb[edges.findIndex((e) => x < e)] ?? rgb[rgb.length - 1]!;
    for (let y = 0; y < height; y++) raw.set(c, (y * width + x) * 3);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** An uncompressed 24-bit BMP (bottom-up rows), as a screenshot tool writes it. */
export function bmp24(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) buf.set([b, g, r], 54 + y * stride + x * 3);
  return buf;
}
