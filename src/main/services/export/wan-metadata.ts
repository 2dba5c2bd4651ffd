import { z } from 'zod';
import { generationParametersSchema, type GenerationRecord, type ImageRecord } from '../../../shared/library-types';
import type { GenerationInput } from '../inputs/input-repository';

// What an exported image carries about itself, so an import can bring it back as a rerunnable
// record. Files come from anywhere, so everything read back goes through the schema; the bounds
// are generous but keep a hostile file from handing us megabytes as an "id".

const id = z.string().min(1).max(200);
const coordinate = z.number().int().min(0).max(100_000);

/**
 * A reference image the generation was made with: its place (0-based), its hash, its file name
 * (`<sha256>.<ext>`: in an export's `inputs/` folder, in a library's `inputs/<2 hex>/`), size, boxes.
 */
export const wanReferenceSchema = z.object({
  index: z.number().int().min(0).max(100),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  file: z.string().regex(/^[0-9a-f]{64}\.(png|jpg|webp)$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  boxes: z.array(z.tuple([coordinate, coordinate, coordinate, coordinate])).max(20),
});
export type WanReference = z.infer<typeof wanReferenceSchema>;

export const wanMetadataSchema = z.object({
  format: z.literal('wan-studio'),
  version: z.literal(1),
  generationId: id,
  imageId: id,
  index: z.number().int().min(0).max(1000),
  setSize: z.number().int().min(1).max(1000),
  createdAt: z.iso.datetime({ offset: true }),
  model: z.string().min(1).max(200),
  prompt: z.string().max(50_000),
  revisedPrompt: z.string().max(50_000).nullable(),
  size: z.string().min(1).max(50),
  seed: z.number().int(),
  n: z.number().int().min(1).max(1000),
  parameters: generationParametersSchema,
  mode: z.enum(['sync', 'async']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The person's own marks on the image, so an import loses nothing (absent in older files). */
  tags: z.array(z.string().min(1).max(60)).max(100).optional(),
  isFavorite: z.boolean().optional(),
  /** Reference images, in order (absent for text-to-image and in older files). */
  references: z.array(wanReferenceSchema).max(20).optional(),
});
export type WanMetadata = z.infer<typeof wanMetadataSchema>;

/** The JSON element / chunk keyword under which the metadata travels. */
export const WAN_KEYWORD = 'wan-studio';

/**
 * Built field by field rather than spread, so nothing secret (provider profile, base URL, task
 * id, usage) can ride along if the records grow. `setSize` defaults to the images asked for.
 */
export function wanMetadataFor(
  generation: GenerationRecord,
  image: ImageRecord,
  setSize = generation.n,
  tags: readonly string[] = [],
  inputs: readonly GenerationInput[] = [],
): WanMetadata {
  const p = generation.parameters;
  return {
    format: 'wan-studio',
    version: 1,
    generationId: generation.id,
    imageId: image.id,
    index: image.index,
    setSize: Math.max(1, setSize),
    createdAt: new Date(generation.createdAt).toISOString(),
    model: generation.model,
    prompt: generation.prompt,
    revisedPrompt: generation.revisedPrompts[image.index] ?? generation.revisedPrompts[0] ?? null,
    size: generation.size,
    seed: generation.seed,
    n: generation.n,
    parameters: {
      isSequential: p.isSequential,
      thinkingMode: p.thinkingMode,
      ...(p.colorPalette === undefined ? {} : { colorPalette: p.colorPalette }),
      ...(p.palette === undefined ? {} : { palette: p.palette.map((e) => ({ hex: e.hex, ratio: e.ratio })) }),
      watermark: p.watermark,
      responseFormat: p.responseFormat,
    },
    mode: generation.mode,
    width: image.width,
    height: image.height,
    sha256: image.sha256,
    tags: [...tags].sort(),
    isFavorite: image.isFavorite,
    ...(inputs.length > 0 ? { references: inputs.map(referenceOf) } : {}),
  };
}

export function referenceOf(input: GenerationInput): WanReference {
  return {
    index: input.index,
    sha256: input.sha256,
    file: input.path.slice(input.path.lastIndexOf('/') + 1),
    width: input.width,
    height: input.height,
    boxes: input.boxes.map(([x1, y1, x2, y2]) => [x1, y1, x2, y2] as [number, number, number, number]),
  };
}

export function wanMetadataJson(meta: WanMetadata): string {
  return JSON.stringify(meta);
}

/** The metadata in `text`, or null for anything that is not exactly our format. */
export function parseWanMetadata(text: string | null | undefined): WanMetadata | null {
  if (!text || text.length > 500_000) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = wanMetadataSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
