import type { ImageView } from '../../../../shared/contract';
import { describeError } from '../../../../shared/errors';
import { toErrorValue } from '../../app/app-store';
import { useNavigationStore } from '../../app/navigation-store';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { galleryStore } from '../gallery/gallery-store';
import { loadIntoStudio } from '../studio/studio-store';
import { useQueueStore } from './queue-store';
import { queueStrings } from './strings';

function reportError(err: unknown): void {
  showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale));
}

export async function cancelJob(generationId: string): Promise<void> {
  try {
    await call('generation.cancel', { generationId });
  } catch (err) {
    reportError(err);
  }
}

const REOPENED_AS = { create: 'queued', poll: 'polling', download: 'downloading', restore: 'done' } as const;

/**
 * Continues the job where it stopped (saved results, its task, the trash); only a job that never
 * got a task is sent again. The button has already said which, and whether it bills a new image.
 */
export async function retryJob(generationId: string): Promise<void> {
  try {
    const { action } = await call('generation.retry', { generationId });
    useQueueStore.getState().reopen(generationId, REOPENED_AS[action]);
    useQueueStore.getState().merge(await call('generation.get', { generationId }));
  } catch (err) {
    reportError(err);
  }
}

export async function editJobPrompt(generationId: string): Promise<void> {
  try {
    const known = useQueueStore.getState().jobs[generationId]?.record;
    const record = known ?? (await call('generation.get', { generationId })).generation;
    loadIntoStudio(record);
  } catch (err) {
    reportError(err);
  }
}

export function openSettings(): void {
  useNavigationStore.getState().setView('settings');
}

/** A finished image, large, in the gallery's detail view; closing it leaves the gallery at that image. */
export async function openInGallery(image: ImageView): Promise<void> {
  useNavigationStore.getState().setView('gallery');
  try {
    const outcome = await galleryStore.getState().reveal(image);
    if (outcome === 'missing') showToast('info', translate(queueStrings, 'imageMissing'));
  } catch (err) {
    reportError(err);
  }
}
