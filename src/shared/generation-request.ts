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

// Issues carry a message *key*; `localizeIssues` turns them into zh-CN or English text. That keeps
// one schema for every process and both languages.
type IssueParams = Record<string, string | number>;

export const seedSchema = z.number().int().min(SEED_MIN).max(SEED_MAX);

const baseShape = z.object({
  model: z.string().default(DEFAULT_MODEL),
  prompt: z.string(),
  size: z.string().default(DEFAULT_SIZE),
  n: z.number().default(1),
  seed: z.number().optional(),
  isSequential: z.boolean().default(false),
  thinkingMode: z.boolean().default(true),
  colorPalette: z.string().optional(),
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
    if (!parseSize(req.size)) add('size', 'size.format');
    else {
      const option = findSize(req.model, req.size);
      if (!option) add('size', 'size.notOffered', { model: req.model, size: req.size });
      else if (req.isSequential && option.tier === '4K') add('size', 'size.notInSequential', { size: req.size });
    }
    const maxN = maxImagesFor(req.model, req.isSequential);
    if (!Number.isInteger(req.n) || req.n < 1 || req.n > maxN) add('n', 'n.range', { max: maxN });
    if (req.seed !== undefined && !seedSchema.safeParse(req.seed).success)
      add('seed', 'seed.range', { min: SEED_MIN, max: SEED_MAX });
    if (req.colorPalette !== undefined && req.colorPalette.trim() !== '') {
      if (countChars(req.colorPalette) > COLOR_PALETTE_MAX_CHARS)
        add('colorPalette', 'colorPalette.tooLong', { max: COLOR_PALETTE_MAX_CHARS });
      if (req.isSequential) add('colorPalette', 'colorPalette.notInSequential');
    }
  })
  .transform(({ colorPalette, ...req }) => ({
    ...req,
    model: req.model as (typeof MODEL_IDS)[number],
    ...(colorPalette?.trim() ? { colorPalette: colorPalette.trim() } : {}),
  }));

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
