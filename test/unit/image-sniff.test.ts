import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasImageEnd, imageKindOf, sniffImage } from '../../src/main/services/library/image-sniff';
import { renderPng } from '../../src/main/services/simulator/png-render';

const png = renderPng({ prompt: 'sniff', seed: 3, width: 301, height: 199, index: 0, total: 1 });

const fourCc = (webp: Buffer): string => webp.toString('latin1', 12, 16);

/** A JPEG with `segments` spliced in right after SOI, where a real encoder puts APPn/DHT/DQT. */
function withSegments(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

// Shaped like a frame header for 32x16, so a parser that mistakes the segment for SOF gets it wrong.
const DECOY_FRAME = Buffer.from([8, 0, 16, 0, 32, 1, 1, 0x11, 0]);

describe('sniffImage', () => {
  it('reads a PNG from its IHDR', () => {
    expect(sniffImage(png)).toEqual({ mime: 'image/png', ext: 'png', width: 301, height: 199 });
  });

  it('reads baseline and progressive JPEGs made by sharp', async () => {
    for (const progressive of [false, true]) {
      const jpeg = await sharp(png).jpeg({ quality: 80, progressive }).toBuffer();
      const meta = await sharp(jpeg).metadata();
      expect(sniffImage(jpeg)).toEqual({ mime: 'image/jpeg', ext: 'jpg', width: meta.width, height: meta.height });
      expect(meta.width).toBe(301);
    }
  });

  it('skips DHT, JPG and DAC segments, fill bytes and large APP segments before the frame header', async () => {
    const jpeg = await sharp(png).jpeg().toBuffer();
    const spliced = withSegments(
      jpeg,
      segment(0xc4, DECOY_FRAME),
      segment(0xc8, DECOY_FRAME),
      Buffer.from([0xff, 0xff]), // fill bytes ahead of the next marker
      segment(0xcc, DECOY_FRAME),
      segment(0xe1, Buffer.alloc(65_000, 0xab)),
      segment(0xe2, Buffer.alloc(65_000, 0xcd)),
    );
    expect(sniffImage(spliced)).toMatchObject({ ext: 'jpg', width: 301, height: 199 });
  });

  it('reads lossy (VP8), lossless (VP8L) and extended (VP8X) WebP', async () => {
    const lossy = await sharp(png).webp({ quality: 80 }).toBuffer();
    const lossless = await sharp(png).webp({ lossless: true }).toBuffer();
    const extended = await sharp(png).ensureAlpha(0.5).webp({ quality: 80 }).toBuffer();
    expect([fourCc(lossy), fourCc(lossless), fourCc(extended)]).toEqual(['VP8 ', 'VP8L', 'VP8X']);
    for (const webp of [lossy, lossless, extended]) {
      const meta = await sharp(webp).metadata();
      expect(sniffImage(webp)).toEqual({ mime: 'image/webp', ext: 'webp', width: meta.width, height: meta.height });
      expect([meta.width, meta.height]).toEqual([301, 199]);
    }
  });

  it('rejects bytes that are not one of the three formats', () => {
    const html = Buffer.from('<!DOCTYPE html><html><body>Access denied</body></html>');
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1');
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    for (const bytes of [html, gif, noise, Buffer.alloc(0), Buffer.alloc(64)]) {
      expect(sniffImage(bytes)).toBeUndefined();
      expect(imageKindOf(bytes)).toBeUndefined();
    }
  });

  it('rejects truncated headers instead of guessing dimensions', async () => {
    const jpeg = await sharp(png).jpeg().toBuffer();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    const lossy = await sharp(png).webp().toBuffer();
    const lossless = await sharp(png).webp({ lossless: true }).toBuffer();
    const extended = await sharp(png).ensureAlpha(0.5).webp().toBuffer();
    const truncated = [
      png.subarray(0, 23),
      jpeg.subarray(0, sof + 8),
      lossy.subarray(0, 29),
      lossless.subarray(0, 24),
      extended.subarray(0, 29),
    ];
    for (const bytes of truncated) {
      expect(imageKindOf(bytes)).toBeDefined();
      expect(sniffImage(bytes)).toBeUndefined();
    }
    // The same cuts one byte later are enough, so the refusals above are about length alone.
    expect(sniffImage(png.subarray(0, 24))).toMatchObject({ width: 301 });
    expect(sniffImage(jpeg.subarray(0, sof + 9))).toMatchObject({ width: 301 });
    expect(sniffImage(lossy.subarray(0, 30))).toMatchObject({ width: 301 });
  });

  it('rejects a PNG whose first chunk is not IHDR and zero dimensions', () => {
    const renamed = Buffer.from(png);
    renamed.write('IHDX', 12, 'latin1');
    const zeroWidth = Buffer.from(png);
    zeroWidth.writeUInt32BE(0, 16);
    expect(sniffImage(renamed)).toBeUndefined();
    expect(sniffImage(zeroWidth)).toBeUndefined();
  });
});

describe('hasImageEnd', () => {
  it('accepts complete files and refuses ones cut short', async () => {
    const jpeg = await sharp(png).jpeg().toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    for (const bytes of [png, jpeg, webp]) {
      const format = sniffImage(bytes);
      if (!format) throw new Error('fixture did not sniff');
      expect(hasImageEnd(format, bytes, bytes.subarray(-16), bytes.length)).toBe(true);
      const cut = bytes.subarray(0, bytes.length - 10);
      expect(hasImageEnd(format, cut, cut.subarray(-16), cut.length)).toBe(false);
    }
  });
});
