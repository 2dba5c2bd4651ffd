import { z } from 'zod';
import { MODE_RULES, modeOf } from '../capabilities';
import type { GenerationRecord } from '../library-types';
import { MODELS, findSize, isModelId, sizesFor, type ModelId } from '../models';
import { rerunBlockOf } from '../rerun-rule';

// Quick A/B twins (issue 12): the original's request, same seed, with exactly one change. Main
// applies the change on a rerun (`generation.rerun` with `change`); the detail view asks here
// first which twins make sense, so it never offers one that main would refuse.

/** What a twin changes (a model change may bring the size it needs); the rest, seed included, stays. */
export const twinChangeSchema = z
  .object({
    thinkingMode: z.boolean().optional(),
    model: z.enum(['wan2.7-image-pro', 'wan2.7-image']).optional(),
    size: z.string().max(20).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'a twin changes thinkingMode, model or size',
  });
export type TwinChange = z.infer<typeof twinChangeSchema>;

export type TwinKind = 'thinking' | 'model' | 'size';

/** Why a twin cannot be made: says which rule, so the UI can explain it. */
export type TwinBlock = 'not_rerunnable' | 'thinking_not_applied' | 'no_size_on_other_model' | 'no_other_size';

type Source = Pick<GenerationRecord, 'model' | 'prompt' | 'size' | 'parameters'> & { referenceCount: number };

const modeOfSource = (source: Source) =>
  modeOf({ isSequential: source.parameters.isSequential, references: new Array<unknown>(source.referenceCount) });

export function otherModel(model: ModelId): ModelId {
  return model === 'wan2.7-image-pro' ? 'wan2.7-image' : 'wan2.7-image-pro';
}

/** Sizes the twin may take on `model` in the original's mode (4K only for plain text on pro). */
export function twinSizes(source: Source, model: ModelId): string[] {
  const rule = MODE_RULES[modeOfSource(source)];
  return sizesFor(model, source.parameters.isSequential)
    .filter((s) => s.tier !== '4K' || rule.allows4K)
    .map((s) => s.id);
}

/**
 * The size a twin on the other model takes: the same when offered there; else the largest one
 * of the same aspect ratio (a 4K pro image becomes its 2K twin on the standard model).
 */
export function sizeOnModel(source: Source, model: ModelId): string | undefined {
  const allowed = twinSizes(source, model);
  if (allowed.includes(source.size)) return source.size;
  const from = isModelId(source.model) ? findSize(source.model, source.size) : undefined;
  const sameRatio = MODELS[model].sizes.filter((s) => allowed.includes(s.id) && s.ratio === from?.ratio);
  const largest = [...sameRatio].sort((a, b) => b.width * b.height - a.width * a.height)[0];
  return largest?.id;
}

export type TwinPlan = { ok: true; change: TwinChange } | { ok: false; block: TwinBlock };

/** The change for a twin of `kind` (for `size`, the size asked for), or why there is none. */
export function planTwin(source: Source, kind: TwinKind, size?: string): TwinPlan {
  if (rerunBlockOf(source) || !isModelId(source.model)) return { ok: false, block: 'not_rerunnable' };
  if (kind === 'thinking') {
    // Upstream applies thinking only to plain text-to-image; elsewhere the twin would be the same image.
    if (!MODE_RULES[modeOfSource(source)].hasThinking) return { ok: false, block: 'thinking_not_applied' };
    return { ok: true, change: { thinkingMode: !source.parameters.thinkingMode } };
  }
  if (kind === 'model') {
    const model = otherModel(source.model);
    const onModel = sizeOnModel(source, model);
    if (!onModel) return { ok: false, block: 'no_size_on_other_model' };
    // Both change together when the size must: the model is the change asked for, the size follows.
    return { ok: true, change: onModel === source.size ? { model } : { model, size: onModel } };
  }
  const choices = twinSizes(source, source.model).filter((s) => s !== source.size);
  if (choices.length === 0 || (size !== undefined && !choices.includes(size)))
    return { ok: false, block: 'no_other_size' };
  return { ok: true, change: { size: size ?? choices[0]! } };
}

/** The twin's request fields: the original's with the change laid over. */
export function applyTwinChange<T extends { model: string; size: string; thinkingMode: boolean }>(
  request: T,
  change: TwinChange,
): T {
  return {
    ...request,
    ...(change.model !== undefined ? { model: change.model } : {}),
    ...(change.size !== undefined ? { size: change.size } : {}),
    ...(change.thinkingMode !== undefined ? { thinkingMode: change.thinkingMode } : {}),
  };
}
