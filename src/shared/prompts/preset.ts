import { z } from 'zod';
import { paletteEntrySchema } from '../generation-request';
import { COLOR_PALETTE_MAX_CHARS, MODEL_IDS } from '../models';

// Style presets (issue 12, part 3): a named bundle of prompt fragments, a palette and options,
// applied in one go to the studio form or to `wan-studio generate --preset NAME`. Pure, so the
// renderer, main and the CLI share one rule for how a preset meets a prompt.

export const presetOptionsSchema = z.object({
  model: z.enum(MODEL_IDS).optional(),
  size: z.string().max(20).optional(),
  n: z.number().int().min(1).max(15).optional(),
  thinkingMode: z.boolean().optional(),
  watermark: z.boolean().optional(),
  colorPalette: z.string().max(COLOR_PALETTE_MAX_CHARS).optional(),
});
export type PresetOptions = z.infer<typeof presetOptionsSchema>;

export const presetBodySchema = z.object({
  prefix: z.string().max(2000).default(''),
  suffix: z.string().max(2000).default(''),
  /** An exact palette (3–10 colours); empty: the preset leaves the palette alone. */
  palette: z.array(paletteEntrySchema).max(10).default([]),
  options: presetOptionsSchema.default({}),
});
export type PresetBody = z.infer<typeof presetBodySchema>;

export const presetSchema = presetBodySchema.extend({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Preset = z.infer<typeof presetSchema>;

const BOUNDARY = /[\s,，.。;；:：、!！?？]$/u;
const LEADING = /^[\s,，.。;；:：、!！?？]/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Joins two fragments with a comma unless one already has a boundary; full-width for Chinese. */
export function joinFragments(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  if (BOUNDARY.test(a) || LEADING.test(b)) return a + b;
  // A Chinese character on either side of the seam: the full-width comma Chinese text uses.
  return a + (CJK.test(a.slice(-1) + b.slice(0, 1)) ? '\uFF0C' : ', ') + b;
}

/** The prompt with the preset's prefix and suffix, each added once (applying twice changes nothing). */
export function applyFragments(prompt: string, preset: Pick<PresetBody, 'prefix' | 'suffix'>): string {
  const prefix = preset.prefix.trim();
  const suffix = preset.suffix.trim();
  let text = prompt.trim();
  if (prefix && !text.startsWith(prefix)) text = joinFragments(prefix, text);
  if (suffix && !text.endsWith(suffix)) text = joinFragments(text, suffix);
  return text;
}

/** A request or form; its model may be any text (the request is validated after). */
export type PresetTarget = Omit<PresetOptions, 'model'> & {
  model?: string;
  prompt: string;
  palette?: { hex: string; ratio: number }[];
};

/**
 * A request (or form) with the preset applied: fragments around the prompt, the preset's options
 * and palette over the target's, except the fields named in `explicit` (flags the person typed).
 */
export function applyPreset<T extends PresetTarget>(
  target: T,
  preset: PresetBody,
  explicit: ReadonlySet<string> = new Set(),
): T {
  const out: T = { ...target, prompt: applyFragments(target.prompt, preset) };
  for (const [key, value] of Object.entries(preset.options)) {
    if (value === undefined || explicit.has(key)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  if (preset.palette.length > 0 && !explicit.has('palette')) out.palette = preset.palette.map((e) => ({ ...e }));
  return out;
}
