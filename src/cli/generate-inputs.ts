import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { PALETTE_LIMITS, parsePaletteText, type PaletteEntry } from '../shared/capabilities';
import type { GenerationRequestInput } from '../shared/generation-request';
import { InputService } from '../main/services/inputs/input-service';
import { paletteFromImage } from '../main/services/inputs/palette-from';
import { WanError } from '../main/services/wan-error';
import type { CliContext } from './cli-context';
import { UsageError } from './cli-command';

// `generate`'s reference images, boxes and exact palette: --image PATH|IMAGE-ID (repeatable, in
// order), --bbox N:x1,y1,x2,y2 (N: the reference's 1-based place; pixels of that image),
// --palette "#RRGGBB:PCT,…" and --palette-from PATH|IMAGE-ID. Everything is checked before any
// request leaves; a refusal is a UsageError (exit 2) with the sentence the app shows.

type Box = [number, number, number, number];

export const INPUT_OPTIONS = {
  image: { type: 'string', multiple: true },
  bbox: { type: 'string', multiple: true },
  palette: { type: 'string' },
  'palette-from': { type: 'string' },
} satisfies ParseArgsConfig['options'];

export const INPUT_USAGE =
  '[--image PATH|IMAGE-ID]... [--bbox N:x1,y1,x2,y2]... [--palette "#RRGGBB:PCT,…"] [--palette-from PATH|IMAGE-ID]';

/** How many colours --palette-from takes from a picture. */
const PALETTE_FROM_COLORS = 5;
const PLACEHOLDER_SHA = '0'.repeat(64);
const PLACEHOLDER_PALETTE: PaletteEntry[] = [
  { hex: '#000000', ratio: 40 },
  { hex: '#808080', ratio: 30 },
  { hex: '#FFFFFF', ratio: 30 },
];

export type InputFlags = { images: string[]; boxes: Box[][]; palette?: PaletteEntry[]; paletteFrom?: string };

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The flags' shape, parsed without touching a file. */
export function parseInputFlags(values: Record<string, unknown>): InputFlags {
  const images = list(values.image);
  const boxes: Box[][] = images.map(() => []);
  for (const text of list(values.bbox)) {
    const m = /^(\d+):(-?\d+),(-?\d+),(-?\d+),(-?\d+)$/.exec(text.replace(/\s+/g, ''));
    if (!m) throw new UsageError(`--bbox "${text}": write N:x1,y1,x2,y2 (N is the reference's place, from 1).`);
    const n = Number(m[1]);
    if (n < 1 || n > images.length)
      throw new UsageError(`--bbox ${text}: there is no reference image ${n} (${images.length} given with --image).`);
    boxes[n - 1]!.push([Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])]);
  }
  const flags: InputFlags = { images, boxes };
  if (typeof values.palette === 'string') {
    if (typeof values['palette-from'] === 'string') throw new UsageError('Give --palette or --palette-from, not both.');
    const palette = parsePaletteText(values.palette);
    if (!palette)
      throw new UsageError(
        `--palette: write colours as "#C2D1E6:23.51,#1F2A44:40,#F2C14E:36.49".`,
        'invalid_request',
        'palette',
      );
    flags.palette = palette;
  }
  if (typeof values['palette-from'] === 'string') flags.paletteFrom = values['palette-from'];
  return flags;
}

/** The request's fields with stand-ins for what is not read yet, so validation can run first. */
export function placeholderFields(flags: InputFlags): Partial<GenerationRequestInput> {
  return {
    ...(flags.images.length > 0
      ? { references: flags.images.map((_, i) => ({ sha256: PLACEHOLDER_SHA, boxes: flags.boxes[i]! })) }
      : {}),
    ...(flags.palette ? { palette: flags.palette } : flags.paletteFrom ? { palette: PLACEHOLDER_PALETTE } : {}),
  };
}

/** Stores each image as an input (prepared as the app does), takes the palette, checks the boxes. */
export async function resolveInputs(ctx: CliContext, flags: InputFlags): Promise<Partial<GenerationRequestInput>> {
  const inputs = new InputService(ctx.library);
  const references: Array<{ sha256: string; boxes: Box[] }> = [];
  for (const [i, given] of flags.images.entries()) {
    const label = `${i + 1} (${path.basename(given)})`;
    const stored = await asUsage('image', async () => {
      const file = await readIfFile(given);
      if (file) return inputs.add(file, label, ctx.locale);
      if (ctx.library.repo.generationIdOfImage(given)) return inputs.fromImage(given, ctx.locale);
      throw new UsageError(`--image ${given}: no such file, and no image with that id in ${ctx.library.home}.`);
    });
    references.push({ sha256: stored.sha256, boxes: flags.boxes[i]! });
  }
  await asUsage('bbox', async () => inputs.checkReferences(references, ctx.locale));
  let palette = flags.palette;
  if (flags.paletteFrom) {
    const from = flags.paletteFrom;
    const bytes = (await readIfFile(from)) ?? (await readLibraryImage(ctx, from));
    palette = await asUsage('palette-from', () => paletteFromImage(bytes, PALETTE_FROM_COLORS));
    if (palette.length < PALETTE_LIMITS.minColors)
      throw new UsageError(
        `--palette-from ${from}: the picture has ${palette.length} distinct colour(s); a palette needs ${PALETTE_LIMITS.minColors} to ${PALETTE_LIMITS.maxColors}.`,
        'invalid_request',
        'palette',
      );
  }
  return { ...(references.length > 0 ? { references } : {}), ...(palette ? { palette } : {}) };
}

async function readIfFile(given: string): Promise<Buffer | undefined> {
  const info = await stat(given).catch(() => undefined);
  return info?.isFile() ? readFile(given) : undefined;
}

async function readLibraryImage(ctx: CliContext, imageId: string): Promise<Buffer> {
  const generationId = ctx.library.repo.generationIdOfImage(imageId);
  const image = generationId ? ctx.library.repo.imagesOf(generationId, true).find((i) => i.id === imageId) : undefined;
  if (!image)
    throw new UsageError(`--palette-from ${imageId}: no such file, and no image with that id in ${ctx.library.home}.`);
  return readFile(ctx.library.store.absolute(image.path));
}

/** A refusal of the input itself (too small, a box outside) becomes `--flag: sentence`, exit 2. */
async function asUsage<T>(flag: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WanError && err.code === 'invalid_input')
      throw new UsageError(`--${flag}: ${err.detail ?? err.message}`, 'invalid_request', err.field ?? flag);
    throw err;
  }
}
