import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { PreparedReference } from '../../src/main/services/providers/provider-types';

/** A solid-colour PNG as the inputs branch will hand it to a provider. */
export async function pngReference(
  width: number,
  height: number,
  rgb: [number, number, number],
): Promise<PreparedReference> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();
  return { sha256: createHash('sha256').update(bytes).digest('hex'), mime: 'image/png', width, height, bytes };
}

/** The RGB of one pixel of an encoded image. */
export async function pixelAt(bytes: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 3;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

/** The summary the simulator records for a data URI it received. */
export function summaryOf(ref: PreparedReference): string {
  return `data:${ref.mime};sha256=${ref.sha256};bytes=${ref.bytes.length}`;
}
