import {
  validateGenerationRequest,
  type GenerationRequestInput,
  type ValidationResult,
} from '../../../../shared/generation-request';
import { MODE_RULES, modeOf, type Mode, type PaletteEntry } from '../../../../shared/capabilities';
import { fieldMessage, type Locale } from '../../../../shared/i18n-messages';
import type { GenerationInputView, InputView } from '../../../../shared/inputs-contract';
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
import type { EditBox } from './box-geometry';

// The studio form as plain data plus the pure rules between its fields. The store applies these;
// tests check them without React or a DOM.

export type GenerationMode = 'async' | 'sync';

/** A reference image in the studio: the stored input, and its edit boxes in its own pixels. */
export type StudioReference = { input: InputView; boxes: EditBox[] };

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
  /** 0–9 references, in the order the prompt calls them "image 1", "image 2"… */
  references: StudioReference[];
  /** An exact palette; empty when none is used. */
  palette: PaletteEntry[];
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
  references: [],
  palette: [],
  watermark: false,
  mode: 'async',
};

/** Which row of the mode table (MODE_RULES) the form is in: text, edit, set or edit-set. */
export function formModeOf(form: Pick<StudioForm, 'isSequential' | 'references'>): Mode {
  return modeOf(form);
}

export const RATIO_ORDER: readonly AspectRatio[] = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3'];
const TIER_ORDER: readonly SizeTier[] = ['4K', '2K', '1K'];

/** Why a size cannot be picked right now; shown beside it rather than hiding it. */
export type SizeBlock = 'model' | 'sequential' | 'references';
export type SizeChoice = SizeOption & { block: SizeBlock | null };
export type SizeGroup = { ratio: AspectRatio; choices: SizeChoice[] };

// Every size any model offers, so a 4K size stays visible (disabled) under the 2K-only model.
const ALL_SIZES: readonly SizeOption[] = (() => {
  const seen = new Map<string, SizeOption>();
  for (const model of Object.values(MODELS)) for (const s of model.sizes) seen.set(s.id, s);
  return [...seen.values()];
})();

/** The sizes a mode allows: the model's, less 4K where the mode table says no. */
function allowedSizes(model: ModelId, isSequential: boolean, hasReferences: boolean): readonly SizeOption[] {
  const rule = MODE_RULES[modeOf({ isSequential, references: hasReferences ? [0] : [] })];
  return sizesFor(model, isSequential).filter((s) => s.tier !== '4K' || rule.allows4K);
}

export function sizeGroupsFor(model: ModelId, isSequential: boolean, hasReferences = false): SizeGroup[] {
  const offered = new Set(MODELS[model].sizes.map((s) => s.id));
  const allowed = new Set(allowedSizes(model, isSequential, hasReferences).map((s) => s.id));
  const notAllowed: SizeBlock = isSequential ? 'sequential' : 'references';
  return RATIO_ORDER.map((ratio) => ({
    ratio,
    choices: ALL_SIZES.filter((s) => s.ratio === ratio)
      .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))
      .map((s) => ({
        ...s,
        block: !offered.has(s.id) ? ('model' as const) : !allowed.has(s.id) ? notAllowed : null,
      })),
  }));
}

/**
 * Keeps the chosen size when it is still allowed; otherwise the largest allowed size of the same
 * aspect ratio (a 4K square becomes a 2K square), so the picture's shape survives a mode change.
 */
export function fitSize(model: ModelId, isSequential: boolean, size: string, hasReferences = false): string {
  const allowed = allowedSizes(model, isSequential, hasReferences);
  if (allowed.some((s) => s.id === size)) return size;
  const ratio = ALL_SIZES.find((s) => s.id === size)?.ratio;
  const sameRatio = allowed
    .filter((s) => s.ratio === ratio)
    .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))[0];
  return sameRatio?.id ?? MODELS[model].defaultSize;
}

/** Images per request: the model's limit and the mode table's, whichever is lower. */
export function maxNFor(model: ModelId, isSequential: boolean, hasReferences = false): number {
  const rule = MODE_RULES[modeOf({ isSequential, references: hasReferences ? [0] : [] })];
  return Math.min(maxImagesFor(model, isSequential), rule.n.max);
}

export function clampN(n: number, model: ModelId, isSequential: boolean, hasReferences = false): number {
  if (!Number.isFinite(n)) return 1;
  return Math.min(Math.max(1, Math.round(n)), maxNFor(model, isSequential, hasReferences));
}

/** Size and count refitted after the model, image-set switch or references changed. */
function refit(form: StudioForm): StudioForm {
  const hasReferences = form.references.length > 0;
  return {
    ...form,
    size: fitSize(form.model, form.isSequential, form.size, hasReferences),
    n: clampN(form.n, form.model, form.isSequential, hasReferences),
  };
}

export function withModel(form: StudioForm, model: ModelId): StudioForm {
  return refit({ ...form, model });
}

/** A set of one is no set: switching image sets on from a single image starts at this many. */
export const SET_DEFAULT_N = 4;

/** What switching image sets on did to the count, so switching off can put it back. */
export type SetEntry = { n: number; raisedTo: number };

/**
 * Entering image-set mode with one image raises the count to the set default; leaving it puts
 * back the count from before when the set's count was left as raised, else clamps (12 becomes
 * the single-image maximum of 4).
 */
export function withSequential(form: StudioForm, isSequential: boolean, entry: SetEntry | null = null): StudioForm {
  if (isSequential && !form.isSequential && form.n <= 1) return refit({ ...form, isSequential, n: SET_DEFAULT_N });
  if (!isSequential && form.isSequential && entry && form.n === entry.raisedTo)
    return refit({ ...form, isSequential, n: entry.n });
  return refit({ ...form, isSequential });
}

/** The entry to remember after a switch on: only when the count was raised. */
export function setEntryOf(before: StudioForm, after: StudioForm): SetEntry | null {
  return !before.isSequential && after.isSequential && after.n !== before.n ? { n: before.n, raisedTo: after.n } : null;
}

/** The first reference turns text-to-image into editing: a 4K size becomes the 2K of its shape. */
export function withReferences(form: StudioForm, references: StudioReference[]): StudioForm {
  return refit({ ...form, references });
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

/**
 * The request the Generate button sends: options the mode ignores are left out, never sent (boxes
 * and palettes stay in the form, so switching image sets off brings them back).
 */
export function buildRequestInput(form: StudioForm): GenerationRequestInput {
  const seed = seedOf(form);
  const theme = form.colorPalette.trim();
  const rule = MODE_RULES[formModeOf(form)];
  const references = form.references.map((r) => ({
    sha256: r.input.sha256,
    boxes: rule.allowsBoxes ? r.boxes.map((b) => [...b] as [number, number, number, number]) : [],
  }));
  return {
    model: form.model,
    prompt: form.prompt,
    size: form.size,
    n: form.n,
    ...(seed !== undefined ? { seed } : {}),
    isSequential: form.isSequential,
    thinkingMode: form.thinkingMode && rule.hasThinking,
    ...(rule.allowsPalette && theme !== '' ? { colorPalette: theme } : {}),
    ...(references.length > 0 ? { references } : {}),
    ...(rule.allowsPalette && form.palette.length > 0
      ? { palette: form.palette.map((e) => ({ hex: e.hex, ratio: e.ratio })) }
      : {}),
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

/**
 * "Edit in studio": every field from a stored generation, with its seed locked to reproduce it,
 * and its references (in order, with their boxes) and exact palette.
 */
export function formFromRecord(record: GenerationRecord, inputs: readonly GenerationInputView[] = []): StudioForm {
  const model = isModelId(record.model) ? record.model : DEFAULT_MODEL;
  const isSequential = record.parameters.isSequential;
  const references = [...inputs]
    .sort((a, b) => a.index - b.index)
    .map(({ index: _index, boxes, ...input }) => ({ input, boxes: boxes.map((b) => [...b] as EditBox) }));
  const hasReferences = references.length > 0;
  return {
    prompt: record.prompt,
    model,
    // An unknown or no-longer-offered size falls back like a mode change would.
    size: findSize(model, record.size) ? record.size : fitSize(model, isSequential, record.size, hasReferences),
    n: clampN(record.n, model, isSequential, hasReferences),
    seedText: String(record.seed),
    isSeedLocked: true,
    isSequential,
    thinkingMode: record.parameters.thinkingMode,
    colorPalette: record.parameters.colorPalette ?? '',
    references,
    palette: (record.parameters.palette ?? []).map((e) => ({ hex: e.hex, ratio: e.ratio })),
    watermark: record.parameters.watermark,
    mode: record.mode,
  };
}

export function withDefaults(form: StudioForm, defaults: { defaultModel: string; defaultSize: string }): StudioForm {
  const model = isModelId(defaults.defaultModel) ? defaults.defaultModel : form.model;
  const hasReferences = form.references.length > 0;
  return { ...withModel(form, model), size: fitSize(model, form.isSequential, defaults.defaultSize, hasReferences) };
}
