import { z } from 'zod';
import {
  COLOR_PALETTE_MAX_CHARS,
  DEFAULT_MODEL,
  DEFAULT_SIZE,
  MODEL_IDS,
  PROMPT_MAX_CHARS,
  SEED_MAX,
  SEED_MIN,
  countChars,
  findSize,
  isModelId,
  maxImagesFor,
  parseSize,
} from './models';
import { fieldMessage, isFieldMessageKey, type FieldMessageKey, type Locale } from './i18n-messages';
import {
  BOX_LIMITS,
  MODE_RULES,
  PALETTE_LIMITS,
  REFERENCE_LIMITS,
  isPaletteBalanced,
  modeOf,
  type ModeRule,
} from './capabilities';

// Issues carry a message *key*; `localizeIssues` turns them into zh-CN or English text. That keeps
// one schema for every process and both languages.
type IssueParams = Record<string, string | number>;

export const seedSchema = z.number().int().min(SEED_MIN).max(SEED_MAX);

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
/** `[x1, y1, x2, y2]` in the reference image's own pixels. */
export const boxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
/** One reference image, by the sha256 of its stored input file, with its edit boxes. */
export const referenceSchema = z.object({ sha256: sha256Schema, boxes: z.array(boxSchema).default([]) });
export const paletteEntrySchema = z.object({ hex: z.string(), ratio: z.number() });

const baseShape = z.object({
  model: z.string().default(DEFAULT_MODEL),
  prompt: z.string(),
  size: z.string().default(DEFAULT_SIZE),
  n: z.number().default(1),
  seed: z.number().optional(),
  isSequential: z.boolean().default(false),
  thinkingMode: z.boolean().default(true),
  colorPalette: z.string().optional(),
  /** 1–9 reference images, in order ("image 1", "image 2" in the prompt). */
  references: z.array(referenceSchema).optional(),
  /** An exact palette: 3–10 colours, ratios in percent summing to 100.00. */
  palette: z.array(paletteEntrySchema).optional(),
  watermark: z.boolean().default(false),
  responseFormat: z.enum(['url', 'b64_json']).default('url'),
  mode: z.enum(['async', 'sync']).default('async'),
});

export const generationRequestSchema = baseShape
  .superRefine((req, ctx) => {
    const add = (path: string, key: FieldMessageKey, params: IssueParams = {}): void => {
      ctx.addIssue({ code: 'custom', path: [path], message: key, params });
    };
    const promptChars = countChars(req.prompt.trim());
    if (promptChars === 0) add('prompt', 'prompt.empty');
    else if (countChars(req.prompt) > PROMPT_MAX_CHARS)
      add('prompt', 'prompt.tooLong', { count: countChars(req.prompt), max: PROMPT_MAX_CHARS });

    if (!isModelId(req.model)) {
      add('model', 'model.unknown', { value: req.model });
      return;
    }
    const mode = modeOf(req);
    const rule = MODE_RULES[mode];
    if (!parseSize(req.size)) add('size', 'size.format');
    else {
      const option = findSize(req.model, req.size);
      if (!option) add('size', 'size.notOffered', { model: req.model, size: req.size });
      else if (option.tier === '4K' && !rule.allows4K)
        add('size', req.isSequential ? 'size.notInSequential' : 'size.notWithReferences', { size: req.size });
    }
    const maxN = Math.min(maxImagesFor(req.model, req.isSequential), rule.n.max);
    if (!Number.isInteger(req.n) || req.n < rule.n.min || req.n > maxN) add('n', 'n.range', { max: maxN });
    checkReferences(req.references ?? [], rule, add);
    if (req.palette !== undefined) checkPalette(req.palette, rule, add);
    if (req.seed !== undefined && !seedSchema.safeParse(req.seed).success)
      add('seed', 'seed.range', { min: SEED_MIN, max: SEED_MAX });
    if (req.colorPalette !== undefined && req.colorPalette.trim() !== '') {
      if (countChars(req.colorPalette) > COLOR_PALETTE_MAX_CHARS)
        add('colorPalette', 'colorPalette.tooLong', { max: COLOR_PALETTE_MAX_CHARS });
      if (req.isSequential) add('colorPalette', 'colorPalette.notInSequential');
    }
  })
  .transform(({ colorPalette, palette, references, ...req }) => ({
    ...req,
    ...(references?.length ? { references } : {}),
    model: req.model as (typeof MODEL_IDS)[number],
    // Upstream ignores thinking mode outside plain text-to-image: it is not sent, and not kept as on.
    thinkingMode: req.thinkingMode && MODE_RULES[modeOf({ isSequential: req.isSequential, references })].hasThinking,
    ...(colorPalette?.trim() ? { colorPalette: colorPalette.trim() } : {}),
    ...(palette ? { palette: palette.map((e) => ({ hex: e.hex.toUpperCase(), ratio: e.ratio })) } : {}),
  }));

type Add = (path: string, key: FieldMessageKey, params?: IssueParams) => void;

function checkReferences(references: readonly z.infer<typeof referenceSchema>[], rule: ModeRule, add: Add): void {
  if (references.length > REFERENCE_LIMITS.maxImages)
    add('references', 'references.tooMany', { max: REFERENCE_LIMITS.maxImages, count: references.length });
  references.forEach((ref, i) => {
    if (ref.boxes.length === 0) return;
    if (!rule.allowsBoxes) return add('boxes', 'boxes.notInMode');
    if (ref.boxes.length > BOX_LIMITS.maxPerImage)
      return add('boxes', 'boxes.tooMany', { image: i + 1, max: BOX_LIMITS.maxPerImage });
    for (const [x1, y1, x2, y2] of ref.boxes) {
      const isWhole = [x1, y1, x2, y2].every((v) => Number.isInteger(v) && v >= 0);
      if (!isWhole || x2 <= x1 || y2 <= y1) return add('boxes', 'boxes.shape', { image: i + 1 });
    }
  });
}

function checkPalette(palette: readonly z.infer<typeof paletteEntrySchema>[], rule: ModeRule, add: Add): void {
  if (!rule.allowsPalette) return add('palette', 'palette.notInMode');
  if (palette.length < PALETTE_LIMITS.minColors || palette.length > PALETTE_LIMITS.maxColors)
    return add('palette', 'palette.count', { min: PALETTE_LIMITS.minColors, max: PALETTE_LIMITS.maxColors });
  const bad = palette.find((e) => !/^#[0-9a-fA-F]{6}$/.test(e.hex));
  if (bad) return add('palette', 'palette.hex', { value: bad.hex });
  // Two decimals, compared with a tolerance: 0.57 * 100 is 56.99999999999999 in floating point.
  if (palette.some((e) => !(e.ratio > 0) || Math.abs(Math.round(e.ratio * 100) - e.ratio * 100) > 1e-6))
    return add('palette', 'palette.ratio');
  if (!isPaletteBalanced(palette)) {
    const sum = palette.reduce((a, e) => a + Math.round(e.ratio * 100), 0) / 100;
    add('palette', 'palette.sum', { sum: sum.toFixed(2) });
  }
}

/** What a caller may send (defaults filled in by parsing). */
export type GenerationRequestInput = z.input<typeof generationRequestSchema>;
/** A validated request; `seed` may still be absent until the client draws one. */
export type GenerationRequest = z.output<typeof generationRequestSchema>;
/** A request as it is sent and stored: always with a seed, so it can be rerun exactly. */
export type SeededGenerationRequest = GenerationRequest & { seed: number };

export type FieldErrors = Partial<Record<string, string>>;

export function localizeIssues(issues: readonly z.core.$ZodIssue[], locale: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'request');
    if (out[field]) continue;
    const params = (issue as { params?: IssueParams }).params ?? {};
    const key = isFieldMessageKey(issue.message) ? issue.message : undefined;
    out[field] = key ? fieldMessage(key, locale, params) : fieldMessage('field.invalid', locale);
  }
  return out;
}

export type ValidationResult = { ok: true; value: GenerationRequest } | { ok: false; fieldErrors: FieldErrors };

export function validateGenerationRequest(input: unknown, locale: Locale = 'en'): ValidationResult {
  const parsed = generationRequestSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, fieldErrors: localizeIssues(parsed.error.issues, locale) };
}
