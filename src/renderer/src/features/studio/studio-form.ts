import {
  validateGenerationRequest,
  type GenerationRequestInput,
  type ValidationResult,
} from '../../../../shared/generation-request';
import { fieldMessage, type Locale } from '../../../../shared/i18n-messages';
import type { GenerationRecord } from '../../../../shared/library-types';
import {
  DEFAULT_MODEL,
  MODELS,
  SEED_MAX,
  SEED_MIN,
  findSize,
  isModelId,
  maxImagesFor,
  sizesFor,
  type AspectRatio,
  type ModelId,
  type SizeOption,
  type SizeTier,
} from '../../../../shared/models';

// The studio form as plain data plus the pure rules between its fields. The store applies these;
// tests check them without React or a DOM.

export type GenerationMode = 'async' | 'sync';

export type StudioForm = {
  prompt: string;
  model: ModelId;
  size: string;
  n: number;
  /** What the seed box shows; kept as text so a half-typed number is not lost. */
  seedText: string;
  /** Locked: send the typed seed. Unlocked: send none, and main draws a new one each time. */
  isSeedLocked: boolean;
  isSequential: boolean;
  thinkingMode: boolean;
  colorPalette: string;
  watermark: boolean;
  mode: GenerationMode;
};

export const DEFAULT_FORM: StudioForm = {
  prompt: '',
  model: DEFAULT_MODEL,
  size: MODELS[DEFAULT_MODEL].defaultSize,
  n: 1,
  seedText: '',
  isSeedLocked: false,
  isSequential: false,
  thinkingMode: true,
  colorPalette: '',
  watermark: false,
  mode: 'async',
};

export const RATIO_ORDER: readonly AspectRatio[] = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3'];
const TIER_ORDER: readonly SizeTier[] = ['4K', '2K', '1K'];

/** Why a size cannot be picked right now; shown beside it rather than hiding it. */
export type SizeBlock = 'model' | 'sequential';
export type SizeChoice = SizeOption & { block: SizeBlock | null };
export type SizeGroup = { ratio: AspectRatio; choices: SizeChoice[] };

// Every size any model offers, so a 4K size stays visible (disabled) under the 2K-only model.
const ALL_SIZES: readonly SizeOption[] = (() => {
  const seen = new Map<string, SizeOption>();
  for (const model of Object.values(MODELS)) for (const s of model.sizes) seen.set(s.id, s);
  return [...seen.values()];
})();

export function sizeGroupsFor(model: ModelId, isSequential: boolean): SizeGroup[] {
  const offered = new Set(MODELS[model].sizes.map((s) => s.id));
  const allowed = new Set(sizesFor(model, isSequential).map((s) => s.id));
  return RATIO_ORDER.map((ratio) => ({
    ratio,
    choices: ALL_SIZES.filter((s) => s.ratio === ratio)
      .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))
      .map((s) => ({
        ...s,
        block: !offered.has(s.id) ? ('model' as const) : !allowed.has(s.id) ? ('sequential' as const) : null,
      })),
  }));
}

/**
 * Keeps the chosen size when it is still allowed; otherwise the largest allowed size of the same
 * aspect ratio (a 4K square becomes a 2K square), so the picture's shape survives a mode change.
 */
export function fitSize(model: ModelId, isSequential: boolean, size: string): string {
  const allowed = sizesFor(model, isSequential);
  if (allowed.some((s) => s.id === size)) return size;
  const ratio = ALL_SIZES.find((s) => s.id === size)?.ratio;
  const sameRatio = allowed
    .filter((s) => s.ratio === ratio)
    .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))[0];
  return sameRatio?.id ?? MODELS[model].defaultSize;
}

export function clampN(n: number, model: ModelId, isSequential: boolean): number {
  if (!Number.isFinite(n)) return 1;
  return Math.min(Math.max(1, Math.round(n)), maxImagesFor(model, isSequential));
}

export function withModel(form: StudioForm, model: ModelId): StudioForm {
  return {
    ...form,
    model,
    size: fitSize(model, form.isSequential, form.size),
    n: clampN(form.n, model, form.isSequential),
  };
}

export function withSequential(form: StudioForm, isSequential: boolean): StudioForm {
  return {
    ...form,
    isSequential,
    size: fitSize(form.model, isSequential, form.size),
    // Leaving image-set mode: 12 images becomes the single-image maximum of 4.
    n: clampN(form.n, form.model, isSequential),
  };
}

/** A seed in the API's range, drawn uniformly; `random` is injectable for tests. */
export function randomSeed(random: () => number = Math.random): number {
  return SEED_MIN + Math.floor(random() * (SEED_MAX - SEED_MIN + 1));
}

export function seedOf(form: StudioForm): number | undefined {
  const text = form.seedText.trim();
  if (!form.isSeedLocked || text === '') return undefined;
  // Not parseInt: "12abc" must be refused by validation, not quietly read as 12.
  return Number(text);
}

/** The request the Generate button sends: options the mode ignores are left out, never sent. */
export function buildRequestInput(form: StudioForm): GenerationRequestInput {
  const seed = seedOf(form);
  const palette = form.colorPalette.trim();
  return {
    model: form.model,
    prompt: form.prompt,
    size: form.size,
    n: form.n,
    ...(seed !== undefined ? { seed } : {}),
    isSequential: form.isSequential,
    thinkingMode: form.thinkingMode,
    ...(!form.isSequential && palette !== '' ? { colorPalette: palette } : {}),
    watermark: form.watermark,
    responseFormat: 'url',
    mode: form.mode,
  };
}

export function validateForm(form: StudioForm, locale: Locale): ValidationResult {
  const { seed, ...input } = buildRequestInput(form);
  // zod refuses NaN before the schema's own checks run, which would hide every other field's
  // message behind a bare "not valid". So a non-number is checked here, in the same words.
  const isSeedNaN = seed !== undefined && Number.isNaN(seed);
  const result = validateGenerationRequest(
    { ...input, ...(seed !== undefined && !isSeedNaN ? { seed } : {}), n: Number.isFinite(form.n) ? form.n : 0 },
    locale,
  );
  if (!isSeedNaN) return result;
  const seedError = fieldMessage('seed.range', locale, { min: SEED_MIN, max: SEED_MAX });
  return { ok: false, fieldErrors: { ...(result.ok ? {} : result.fieldErrors), seed: seedError } };
}

/** "Edit in studio": every field from a stored generation, with its seed locked to reproduce it. */
export function formFromRecord(record: GenerationRecord): StudioForm {
  const model = isModelId(record.model) ? record.model : DEFAULT_MODEL;
  const isSequential = record.parameters.isSequential;
  return {
    prompt: record.prompt,
    model,
    // An unknown or no-longer-offered size falls back like a mode change would.
    size: findSize(model, record.size) ? record.size : fitSize(model, isSequential, record.size),
    n: clampN(record.n, model, isSequential),
    seedText: String(record.seed),
    isSeedLocked: true,
    isSequential,
    thinkingMode: record.parameters.thinkingMode,
    colorPalette: record.parameters.colorPalette ?? '',
    watermark: record.parameters.watermark,
    mode: record.mode,
  };
}

export function withDefaults(form: StudioForm, defaults: { defaultModel: string; defaultSize: string }): StudioForm {
  const model = isModelId(defaults.defaultModel) ? defaults.defaultModel : form.model;
  return { ...withModel(form, model), size: fitSize(model, form.isSequential, defaults.defaultSize) };
}
