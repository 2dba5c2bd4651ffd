import { z } from 'zod';
import { DASHSCOPE_REGIONS, EDIT_STYLES, PALETTE_STYLES, PROVIDER_KINDS } from './capabilities';

// The contract pieces of reference-image editing and exact palettes (issue 10), agreed before
// they are built: main implements them as `inputs.*` and `palettes.*` invoke methods, the studio
// calls them. `invokeContract` in contract.ts spreads them in.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const paletteEntryViewSchema = z.object({ hex: z.string(), ratio: z.number() });
export type PaletteEntryView = z.infer<typeof paletteEntryViewSchema>;

/** A stored reference image (content-addressed: one file however many generations use it). */
export const inputViewSchema = z.object({
  sha256,
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** A URL the renderer may load (the media protocol / browser-mode route), never a remote one. */
  url: z.string(),
  /** Set when the file was re-encoded or scaled down to be acceptable, saying what was done. */
  note: z.string().nullable(),
});
export type InputView = z.infer<typeof inputViewSchema>;

/** A reference as a generation used it: its place, and its boxes in its own pixels. */
export const generationInputViewSchema = inputViewSchema.extend({
  index: z.number().int(),
  boxes: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])),
});
export type GenerationInputView = z.infer<typeof generationInputViewSchema>;

export const savedPaletteSchema = z.object({
  id: z.string(),
  name: z.string(),
  entries: z.array(paletteEntryViewSchema),
  createdAt: z.number(),
});
export type SavedPalette = z.infer<typeof savedPaletteSchema>;

/** Where a palette is taken from: a library image, or a stored reference. */
export const paletteSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image'), imageId: z.string().min(1).max(80) }),
  z.object({ kind: z.literal('input'), sha256 }),
]);

export const inputsInvokeContract = {
  /** A dropped, pasted or picked file: checked, re-encoded or scaled down when that makes it acceptable, stored. */
  'inputs.add': {
    input: z.object({
      name: z.string().max(260),
      /** The file's bytes, base64 (at most ~40 MB of file). */
      dataBase64: z.string().max(56 * 1024 * 1024),
    }),
    output: inputViewSchema,
  },
  /** A library image as a reference ("Use as reference", a tile dragged onto the studio). */
  'inputs.fromImage': { input: z.object({ imageId: z.string().min(1).max(80) }), output: inputViewSchema },
  'inputs.get': { input: z.object({ sha256 }), output: inputViewSchema },
  /** "Palette from image": 3–10 dominant colours with ratios summing to 100.00. */
  'palettes.fromSource': {
    input: z.object({ source: paletteSourceSchema, colors: z.number().int().min(3).max(10) }),
    output: z.object({ entries: z.array(paletteEntryViewSchema) }),
  },
  'palettes.list': { input: z.void(), output: z.array(savedPaletteSchema) },
  'palettes.save': {
    input: z.object({
      id: z.string().min(1).max(80).optional(),
      name: z.string().trim().min(1).max(80),
      entries: z.array(paletteEntryViewSchema).min(3).max(10),
    }),
    output: savedPaletteSchema,
  },
  'palettes.delete': {
    input: z.object({ id: z.string().min(1).max(80) }),
    output: z.object({ isDeleted: z.boolean() }),
  },
} as const;

/** What a provider profile adds for issue 10 (stored with the profile; the key stays write-only). */
export const profileKindFieldsSchema = z.object({
  kind: z.enum(PROVIDER_KINDS),
  /** DashScope only: a named region, or null for a custom/workspace root given as the base URL. */
  region: z.enum(Object.keys(DASHSCOPE_REGIONS) as [keyof typeof DASHSCOPE_REGIONS]).nullable(),
  /** OpenAI-compatible gateways only: how reference images are sent. */
  editStyle: z.enum(EDIT_STYLES),
  /** OpenAI-compatible gateways only: the palette as the documented string, or structured. */
  paletteStyle: z.enum(PALETTE_STYLES),
});
export type ProfileKindFields = z.infer<typeof profileKindFieldsSchema>;
