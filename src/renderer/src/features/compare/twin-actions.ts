import { useEffect } from 'react';
import type { EventPayload, GenerationView, ImageView } from '../../../../shared/contract';
import { planTwin, type TwinBlock, type TwinKind } from '../../../../shared/compare/twin-request';
import { describeError } from '../../../../shared/errors';
import { useNavigationStore } from '../../app/navigation-store';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { call, onEvent } from '../../lib/wan';
import { toErrorValue } from '../gallery/gallery-loader';
import { compareStrings } from './compare-strings';
import { openCompare } from './compare-store';

// Quick A/B twins (issue 12): the same seed with thinking flipped, on the other model, or at
// another size, made through the rerun path (so the twin records `rerun_of` = its original).
// When the twin lands the comparison opens; if the person has left the gallery meanwhile, a
// toast offers it instead.

const say = (key: keyof typeof compareStrings, params?: Record<string, string | number>): string =>
  translate(compareStrings, key, params);

/** Twins asked for and not landed yet: the twin's generation id → the original image. */
const waiting = new Map<string, ImageView>();
/** Jobs that ended before their rerun call answered (the simulator can be that quick). */
const ended = new Map<string, { view?: GenerationView; error?: string }>();
const MAX_ENDED = 32;

export function sourceOfView(view: GenerationView) {
  return { ...view.generation, referenceCount: view.inputs.length };
}

export const BLOCK_KEYS: Record<TwinBlock, keyof typeof compareStrings> = {
  not_rerunnable: 'blockRerun',
  thinking_not_applied: 'blockThinking',
  no_size_on_other_model: 'blockModel',
  no_other_size: 'blockSize',
};

export async function makeTwin(
  original: ImageView,
  view: GenerationView,
  kind: TwinKind,
  size?: string,
): Promise<void> {
  const plan = planTwin(sourceOfView(view), kind, size);
  if (!plan.ok) {
    showToast('error', say(BLOCK_KEYS[plan.block]));
    return;
  }
  try {
    const { generationId } = await call('generation.rerun', {
      generationId: original.generationId,
      isNewSeed: false,
      change: plan.change,
    });
    const early = ended.get(generationId);
    if (early) return land(original, early);
    waiting.set(generationId, original);
    showToast('info', say('twinQueued'));
  } catch (error) {
    showToast(
      'error',
      say('twinFailed', { reason: describeError(toErrorValue(error), useLocaleStore.getState().locale) }),
    );
  }
}

async function land(original: ImageView, outcome: { view?: GenerationView; error?: string }): Promise<void> {
  if (outcome.error !== undefined) {
    showToast('error', say('twinFailed', { reason: outcome.error }));
    return;
  }
  const twinImages = outcome.view?.images ?? [];
  const twin = twinImages.find((i) => i.index === original.index) ?? twinImages[0];
  if (!twin) return;
  const pair = [original, twin];
  if (useNavigationStore.getState().view === 'gallery') openCompare(pair);
  else
    showToast('success', say('twinReady'), {
      action: { label: say('compare'), testId: 'twin-compare', onClick: () => openCompare(pair) },
    });
}

function remember(generationId: string, outcome: { view?: GenerationView; error?: string }): void {
  ended.set(generationId, outcome);
  while (ended.size > MAX_ENDED) ended.delete(ended.keys().next().value!);
}

async function onFinished({ generationId, view }: EventPayload<'generation.finished'>): Promise<void> {
  const original = waiting.get(generationId);
  const known = view ?? (original ? await call('generation.get', { generationId }).catch(() => undefined) : undefined);
  if (!original) return remember(generationId, { view: known });
  waiting.delete(generationId);
  await land(original, { view: known });
}

function onFailed({ generationId, error }: EventPayload<'generation.failed'>): void {
  const reason = describeError(error, useLocaleStore.getState().locale);
  const original = waiting.get(generationId);
  if (!original) return remember(generationId, { error: reason });
  waiting.delete(generationId);
  void land(original, { error: reason });
}

/** Follows the job events for twins, wherever the person is in the app (mounted once, in App). */
export function useTwinEvents(): void {
  useEffect(() => {
    const offs = [onEvent('generation.finished', (p) => void onFinished(p)), onEvent('generation.failed', onFailed)];
    return () => offs.forEach((off) => off());
  }, []);
}
