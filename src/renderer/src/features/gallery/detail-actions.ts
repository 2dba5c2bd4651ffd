import { create } from 'zustand';
import type { GenerationView } from '../../../../shared/contract';
import type { ErrorValue } from '../../../../shared/errors';
import { describeError } from '../../../../shared/errors';
import type { GenerationInputView } from '../../../../shared/inputs-contract';
import type { GenerationRecord } from '../../../../shared/library-types';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { loadIntoStudio } from '../studio/studio-store';
import { detailStrings } from './detail-strings';
import { toErrorValue } from './gallery-loader';
import { galleryStore } from './gallery-store';

// The detail view's data (the generation behind an image) and its actions.

type GenerationEntry = { view: GenerationView | null; error: ErrorValue | null };

type GenerationCacheState = {
  entries: ReadonlyMap<string, GenerationEntry>;
  ensure: (generationId: string) => void;
};

/** Generations are final once their images exist, so a small cache never goes stale in ways that matter. */
const MAX_GENERATIONS = 64;
const pending = new Set<string>();

export const useGenerationCache = create<GenerationCacheState>((set, get) => ({
  entries: new Map(),
  ensure(generationId) {
    const known = get().entries.get(generationId);
    if ((known && !known.error) || pending.has(generationId)) return;
    pending.add(generationId);
    const store = (entry: GenerationEntry): void => {
      pending.delete(generationId);
      const entries = new Map(get().entries);
      entries.delete(generationId);
      entries.set(generationId, entry);
      // Maps keep insertion order: the first key is the least recently loaded.
      while (entries.size > MAX_GENERATIONS) entries.delete(entries.keys().next().value!);
      set({ entries });
    };
    call('generation.get', { generationId }).then(
      (view) => store({ view, error: null }),
      (error: unknown) => store({ view: null, error: toErrorValue(error) }),
    );
  },
}));

const say = (key: keyof typeof detailStrings, params?: Record<string, string | number>): string =>
  translate(detailStrings, key, params);
const reason = (error: unknown): string =>
  error instanceof Error && !('error' in error)
    ? error.message
    : describeError(toErrorValue(error), useLocaleStore.getState().locale);

export async function copyText(text: string, doneKey: 'promptCopied' | 'seedCopied'): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    showToast('success', say(doneKey));
  } catch (error) {
    showToast('error', say('copyFailed', { reason: reason(error) }));
  }
}

/** Clipboards take PNG everywhere; other formats are redrawn as PNG first. */
async function asPng(blob: Blob): Promise<Blob> {
  if (blob.type === 'image/png') return blob;
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/png' });
}

export async function copyImage(url: string): Promise<void> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await asPng(await response.blob());
    await navigator.clipboard.write([new ClipboardItem({ [blob.type]: blob })]);
    showToast('success', say('imageCopied'));
  } catch (error) {
    showToast('error', say('copyImageFailed', { reason: reason(error) }));
  }
}

export async function rerun(generationId: string, isNewSeed: boolean): Promise<void> {
  try {
    await call('generation.rerun', { generationId, isNewSeed });
    // Vary is a rerun with a new seed: say which one was asked for.
    showToast('info', say(isNewSeed ? 'varyQueued' : 'rerunQueued'));
  } catch (error) {
    showToast('error', say('failed', { reason: reason(error) }));
  }
}

export async function showInFolder(imageId: string): Promise<void> {
  try {
    await call('image.showInFolder', { imageId });
  } catch (error) {
    showToast('error', say('failed', { reason: reason(error) }));
  }
}

/** The form filled from the record, with its references (and their boxes) and palette. */
export function editInStudio(record: GenerationRecord, inputs: readonly GenerationInputView[] = []): void {
  galleryStore.getState().close();
  loadIntoStudio(record, inputs);
}
