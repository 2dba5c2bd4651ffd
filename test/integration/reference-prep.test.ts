import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { REFERENCE_LIMITS } from '../../src/shared/capabilities';
import { MAX_FILE_BYTES, prepareReference } from '../../src/main/services/inputs/reference-prep';
import { paletteFromImage } from '../../src/main/services/inputs/palette-from';
import { WanError } from '../../src/main/services/wan-error';
import { bmp24, noisePng, solidJpeg, solidPng, stripesPng } from '../helpers/images';

async function refusal(bytes: Buffer, label = '1 (x.png)'): Promise<WanError> {
  const err = await prepareReference(bytes, label).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WanError);
  return err as WanError;
}

describe('preparing a reference image', { timeout: 60_000 }, () => {
  it('keeps an acceptable JPEG byte for byte, with no note', async () => {
    const jpeg = await solidJpeg(1200, 800);
    const out = await prepareReference(jpeg, '1');
    expect(out.bytes.equals(jpeg)).toBe(true);
    expect(out).toMatchObject({ mime: 'image/jpeg', ext: 'jpg', width: 1200, height: 800, note: null });
  });

  it('refuses a 100×100 image, naming it and saying why', async () => {
    const err = await refusal(await solidPng(100, 100), '2 (tiny.png)');
    expect(err.code).toBe('invalid_input');
    expect(err.field).toBe('references');
    expect(err.detail).toBe('Reference image 2 (tiny.png) is 100×100 px, too small: each side needs at least 240 px.');
  });

  it('refuses an image narrower than 1:8', async () => {
    const err = await refusal(await solidPng(2700, 300));
    expect(err.detail).toContain('2700×300 px, too narrow');
  });

  it('refuses bytes that are no image', async () => {
    const err = await refusal(Buffer.from('<html>not an image</html>'), '3 (page.html)');
    expect(err.detail).toMatch(/^Reference image 3 \(page\.html\) cannot be read as an image/);
  });

  it('scales a side over 8000 px down to 8000 and says so', async () => {
    const out = await prepareReference(await solidPng(9000, 1500), '1');
    expect([out.width, out.height]).toEqual([8000, 1333]);
    const meta = await sharp(out.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([8000, 1333]);
    expect(out.note).toMatch(/scaled down from 9000×1500/i);
  });

  it('re-encodes a file too large to send until it fits the limit as sent', async () => {
    const huge = await noisePng(2000, 1700);
    expect(huge.byteLength).toBeGreaterThan(MAX_FILE_BYTES);
    const out = await prepareReference(huge, '1');
    expect(out.bytes.byteLength).toBeLessThanOrEqual(MAX_FILE_BYTES);
    // The data URI sent upstream stays within the limit.
    expect(Math.ceil(out.bytes.byteLength / 3) * 4 + 23).toBeLessThanOrEqual(REFERENCE_LIMITS.maxBytes);
    expect(out.mime).toBe('image/jpeg');
    expect(out.note).toMatch(/re-encoded as JPEG/i);
  });

  it('flattens a transparent PNG onto white', async () => {
    const transparent = await sharp({
      create: { width: 400, height: 300, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const out = await prepareReference(transparent, '1');
    const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]);
    expect(out.note).toMatch(/transparency flattened onto white/i);
  });

  it('converts a BMP and a GIF to PNG', async () => {
    const fromBmp = await prepareReference(bmp24(300, 250, [10, 200, 30]), '1');
    expect(fromBmp).toMatchObject({ mime: 'image/png', width: 300, height: 250 });
    const { data } = await sharp(fromBmp.bytes).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([10, 200, 30]);
    expect(fromBmp.note).toBe('Converted from BMP to PNG.');
    const gif = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080' } })
      .gif()
      .toBuffer();
    const fromGif = await prepareReference(gif, '2');
    expect(fromGif.mime).toBe('image/png');
    expect(fromGif.note).toMatch(/^Converted from GIF to PNG/);
  });
});

describe('palette from an image', () => {
  it('finds the stripes with their shares, summing to exactly 100', async () => {
    const image = await stripesPng(600, 200, [
      ['#C2D1E6', 0.5],
      ['#1F2A44', 0.3],
      ['#F2C14E', 0.2],
    ]);
    const entries = await paletteFromImage(image, 5);
    expect(entries.map((e) => e.hex)).toEqual(['#C2D1E6', '#1F2A44', '#F2C14E']);
    expect(entries[0]!.ratio).toBeCloseTo(50, 0);
    expect(entries[1]!.ratio).toBeCloseTo(30, 0);
    expect(entries[2]!.ratio).toBeCloseTo(20, 0);
    expect(Math.round(entries.reduce((sum, e) => sum + e.ratio * 100, 0))).toBe(10_000);
  });

  it('sums to exactly 100.00 when the shares do not divide evenly', async () => {
    const image = await stripesPng(700, 90, [
      ['#FF0000', 1 / 3],
      ['#00FF00', 1 / 3],
      ['#0000FF', 1 / 3],
    ]);
    const entries = await paletteFromImage(image, 3);
    expect(entries).toHaveLength(3);
    expect(Math.round(entries.reduce((sum, e) => sum + e.ratio * 100, 0))).toBe(10_000);
  });
});
