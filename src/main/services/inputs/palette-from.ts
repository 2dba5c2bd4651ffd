import { getPalette } from 'colorthief';
import sharp from 'sharp';
import { PALETTE_LIMITS, normalizeRatios, type PaletteEntry } from '../../../shared/capabilities';
import { WanError } from '../wan-error';

// "Palette from image": colorthief's quantizer (a well-kept library, not our own) over a small
// copy of the picture, each colour's share by the pixels it stands for, rounded so the shares add
// up to exactly 100.00 %.

/** Sampling a 256-px copy gives the same dominant colours as the full image, much faster. */
const SAMPLE_EDGE = 256;

export async function paletteFromImage(bytes: Uint8Array, colors: number): Promise<PaletteEntry[]> {
  const count = Math.min(PALETTE_LIMITS.maxColors, Math.max(PALETTE_LIMITS.minColors, Math.round(colors)));
  let sample: Buffer;
  try {
    sample = await sharp(bytes)
      .autoOrient()
      // Nearest neighbour: a blend of two neighbouring colours is not a colour of the picture.
      .resize(SAMPLE_EDGE, SAMPLE_EDGE, { fit: 'inside', withoutEnlargement: true, kernel: 'nearest' })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
  } catch (err) {
    throw new WanError('invalid_input', {
      field: 'source',
      detail: 'the palette source cannot be read as an image',
      isRetryable: false,
      cause: err,
    });
  }
  // White counts as a colour here (a white background is part of the look), and every pixel is read.
  const found =
    (await getPalette(sample, { colorCount: count, quality: 1, ignoreWhite: false, colorSpace: 'rgb' })) ?? [];
  const sorted = [...found].sort((a, b) => b.population - a.population).slice(0, count);
  const total = sorted.reduce((sum, c) => sum + c.population, 0);
  // A colour under a hundredth of a percent would round to 0 %, which upstream refuses.
  const picked = sorted.filter((c) => c.population / total >= 0.0001);
  const ratios = normalizeRatios(picked.map((c) => c.population));
  return picked.map((c, i) => ({ hex: c.hex().toUpperCase(), ratio: ratios[i]! }));
}
